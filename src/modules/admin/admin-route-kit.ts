// What the admin API's route files share: their prefix, dependencies and OpenAPI boilerplate.

import type { ApiKeysService } from '../entities/api-keys.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import type { AdminCredential } from './admin-credential.ts';

export const ADMIN_PREFIX = '/admin/v1';

export interface AdminDeps {
  admin: AdminCredential;
  apiKeys: ApiKeysService;
  entities: EntitiesService;
}

/** Problem+json responses for the given statuses. */
export const adminErrors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
export const adminSecurity: { [scheme: string]: string[] }[] = [{ Bearer: [] }];
export const adminTags = ['Admin'];
