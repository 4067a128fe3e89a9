import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-keys';

export const ROLES_KEY = 'promo-ledger:roles';
export const PUBLIC_KEY = 'promo-ledger:public';

/** The roles that may call a route (admin may call every route). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Open routes: health, metrics, docs, console assets. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
