import type { Role } from '@tilts/shared';
import type { TestTilts, World } from '../support/harness.ts';

/**
 * One route's expected access. The access test calls it as nobody, as each role of school A and as
 * the admin of school B, and compares the status with `allowed`.
 */
export interface AccessRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route exactly as registered (`app.routeList`), parameters and all. */
  url: string;
  /** The address to call when `url` has parameters: a record of school A where one is named. */
  path?: (w: World) => string;
  /** A valid body, so an allowed caller gets past validation to the rule that matters. */
  body?: Record<string, unknown> | Buffer | ((w: World) => Record<string, unknown>);
  headers?: Record<string, string>;
  allowed: readonly Role[] | 'public' | 'session';
  /**
   * The address names one of school A's records: school B's admin, whose role is allowed, must
   * still get 403 or 404.
   */
  schoolARecord?: boolean;
}

/** A feature's rows, and the school A records its rows name (made once, before any row runs). */
export interface AccessModule {
  rows: AccessRow[];
  setup?: (t: TestTilts, w: World) => Promise<void>;
}
