// Named re-exports only: this package is imported by the browser, and a barrel of `*`
// hides what crosses that line.
export {
  errors,
  errorKinds,
  entryCodes,
  mallStatus,
  isErrorKind,
  kindForTrpcCode,
  type ErrorKind,
  type ErrorSpec,
} from './errors.ts';
export {
  username,
  newPassword,
  givenPassword,
  passwordMd5,
  nickname,
  email,
  phone,
  question,
  answer,
  role,
  ROLE_ADMIN,
  ROLE_CUSTOMER,
  PASSWORD_MIN,
  PASSWORD_MAX,
  registerInput,
  availabilityInput,
  sessionUser,
  profile,
  updateProfileInput,
  changePasswordInput,
  type Username,
  type RegisterInput,
  type AvailabilityInput,
  type SessionUser,
  type Profile,
  type UpdateProfileInput,
  type ChangePasswordInput,
  type Role,
} from './user.ts';
export { sessionTransport, loginInput, loginOutput, type LoginInput, type LoginOutput } from './session.ts';
export {
  getQuestionInput,
  getQuestionOutput,
  checkAnswerInput,
  checkAnswerOutput,
  resetPasswordInput,
  RESET_TOKEN_MINUTES,
  type CheckAnswerInput,
  type ResetPasswordInput,
} from './recovery.ts';
export {
  PICTURE_MAX_BYTES,
  PICTURE_MAX_PIXELS,
  PICTURE_SIZE,
  PICTURE_FORMATS,
  pictureName,
  uploadPictureOutput,
  type UploadPictureOutput,
} from './picture.ts';
export { findUserInput, adminUserView, type FindUserInput } from './admin.ts';
