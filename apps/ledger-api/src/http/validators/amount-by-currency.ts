import { registerDecorator, type ValidationOptions } from 'class-validator';

/** `{ "USD": 4000, "EUR": 3700 }`: ISO 4217 codes to whole, non-negative minor-unit amounts. */
export function IsAmountByCurrency(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAmountByCurrency',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must map currency codes to whole minor-unit amounts, e.g. { "USD": 4000 }', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return entries.length > 0 && entries.every(([currency, amount]) => /^[A-Z]{3}$/.test(currency) && Number.isSafeInteger(amount) && (amount as number) >= 0);
        },
      },
    });
}
