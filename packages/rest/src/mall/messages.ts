/** Success messages, as the mall document shows them (null where it shows null). */
export const mallMessages = {
  login: '登录成功',
  register: '注册成功',
  usernameFree: '用户名不存在',
  emailFree: 'email不存在',
  session: '用户已登录',
  answerRight: '问题回答正确',
  passwordChanged: '修改密码成功',
  profileUpdated: '更新个人信息成功',
} as const;
