export * from './guard';
export * from './roles';
export { SESSION_COOKIE, sessionUser, endSession, sessionLimits } from './sessions';
export { createUser, listUsers, setActive, setPassword, signIn, UserError, normaliseUsername, type UserListing } from './users';
export { MIN_PASSWORD_LENGTH } from './password';
