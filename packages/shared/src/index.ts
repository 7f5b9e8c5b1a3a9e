export * from './errors.ts';
export * from './locale.ts';
export * from './roles.ts';
export * from './schemas/admin.ts';
export * from './schemas/auth.ts';
export * from './schemas/common.ts';
export * from './schemas/credentials.ts';
