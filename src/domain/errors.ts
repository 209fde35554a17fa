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
