import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem';

export interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

/** Flattens class-validator's tree into `lines[0].quantity: must be a positive integer` style entries. */
function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * DTO validation for every route: unknown fields are refused (not silently dropped), types are
 * transformed, and the 400 lists each offending field so the caller can fix all of them at once.
 */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ProblemException(400, 'VALIDATION_FAILED', 'Some fields are missing, unknown or invalid; fix them and send the request again.', {
        errors: fieldProblems(errors),
      }),
  });
}
