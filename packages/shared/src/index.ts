export * from './countries.ts';
export * from './errors.ts';
export * from './locale.ts';
export * from './placements.ts';
export * from './roles.ts';
export * from './schemas/admin.ts';
export * from './schemas/auth.ts';
export * from './schemas/common.ts';
