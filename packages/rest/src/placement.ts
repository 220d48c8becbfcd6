import type { FastifyRequest } from 'fastify';
import type { Dialect } from './dialect.ts';
import { entryDialect } from './entry/dialect.ts';
import { mallDialect } from './mall/dialect.ts';
import type { Method, RestRoute, SharedRoute } from './route.ts';

/** A dialect mounted under a URL prefix. */
export interface Placement {
  dialect: Dialect;
  prefix: string;
}

/** One route of one dialect. */
export interface Served {
  dialect: Dialect;
  route: RestRoute;
}

/** A path that dialects mounted under one prefix serve once, together. */
export interface SharedPath {
  prefix: string;
  path: string;
  share: SharedRoute;
  members: Served[];
}

export interface Layout {
  /** Each dialect with the routes it serves alone. */
  own: (Placement & { routes: RestRoute[] })[];
  shared: SharedPath[];
}

/** Both dialects, each under its configured prefix ('' = the documented paths at the root). */
export const placeDialects = (prefixes: { entryPrefix: string; mallPrefix: string }) => [
  { dialect: entryDialect, prefix: prefixes.entryPrefix },
  { dialect: mallDialect, prefix: prefixes.mallPrefix },
];

/**
 * Which routes each dialect serves alone, and which it serves together with another: a route
 * marked `shared` whose partner (same SharedRoute, same path) sits under the same prefix.
 */
export function layOut(placements: Placement[]): Layout {
  const hasPartner = (placement: Placement, route: RestRoute) =>
    placements.some(
      (other) =>
        other !== placement &&
        other.prefix === placement.prefix &&
        other.dialect.routes.some((r) => r.shared === route.shared && r.path === route.path),
    );
  const shared = new Map<string, SharedPath>();
  const own = placements.map((placement) => {
    const routes: RestRoute[] = [];
    for (const route of placement.dialect.routes) {
      const share = route.shared;
      if (share === undefined || !hasPartner(placement, route)) {
        routes.push(route);
        continue;
      }
      const key = `${placement.prefix} ${route.path}`;
      const group = shared.get(key) ?? {
        prefix: placement.prefix,
        path: route.path,
        share,
        members: [],
      };
      group.members.push({ dialect: placement.dialect, route });
      shared.set(key, group);
    }
    return { ...placement, routes };
  });
  return { own, shared: [...shared.values()] };
}

export const methodsOf = (group: SharedPath): Method[] => [
  ...new Set(group.members.map((member) => member.route.method)),
];

export const dialectsOf = (group: SharedPath): Dialect[] => [
  ...new Set(group.members.map((member) => member.dialect)),
];

// layOut makes a shared path of two routes or more, and an endpoint of each method they answer,
// so the lists below are never empty.

/** The dialect whose envelope answers a request on a shared path, as its SharedRoute says. */
export function envelopeOf(group: SharedPath, request: FastifyRequest): Dialect {
  const name = group.share.answeredBy(request);
  return (group.members.find((m) => m.dialect.name === name) ?? group.members[0]!).dialect;
}

/** The route that answers `method` on a shared path: the envelope's dialect's, else the one that has it. */
export function memberFor(group: SharedPath, method: Method, request: FastifyRequest): Served {
  const candidates = group.members.filter((member) => member.route.method === method);
  const name = group.share.answeredBy(request);
  return candidates.find((m) => m.dialect.name === name) ?? candidates[0]!;
}
