// Plain domain errors; the web layer decides what status each one means.

export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly id: unknown) {
    super(`${entity} ${String(id)} not found`);
    this.name = 'NotFoundError';
  }
}

export class ValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(`Invalid input: ${Object.keys(fieldErrors).join(', ')}`);
    this.name = 'ValidationError';
  }
}

/** Someone else saved the record first (optimistic locking): the caller must reload and retry. */
export class ConflictError extends Error {
  constructor(readonly entity: string, readonly id: unknown) {
    super(`${entity} ${String(id)} was changed by someone else`);
    this.name = 'ConflictError';
  }
}

/** The request needs a signed-in user. */
export class NotSignedInError extends Error {
  constructor() {
    super('sign-in required');
    this.name = 'NotSignedInError';
  }
}

/** The signed-in user's role may not do this. */
export class ForbiddenError extends Error {
  constructor(readonly what: string) {
    super(`not allowed: ${what}`);
    this.name = 'ForbiddenError';
  }
}
