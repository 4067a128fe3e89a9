import { Module } from '@nestjs/common';
import { DecisionLookups } from '../registry/decision-lookups';
import { CartContextLoader } from './cart-context.loader';
import { CartCommandHandler } from './cart-command.handler';
import { CartsController } from './carts.http.controller';
import { CheckoutHandler } from './checkout.handler';
import { ReservationReconciler } from './reservation-reconciler';
import { UniqueCodeClaims } from './unique-code-claims';

@Module({
  controllers: [CartsController],
  providers: [DecisionLookups, CartContextLoader, CartCommandHandler, CheckoutHandler, UniqueCodeClaims, ReservationReconciler],
})
export class CartsModule {}
