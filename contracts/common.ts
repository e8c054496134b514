import { type Static, Type } from "typebox";

export const Uuid = Type.String({ format: "uuid" });
/** ISO 8601, always UTC (`…Z`). */
export const IsoDateTime = Type.String({ format: "date-time" });

/** A moment that may not have happened (yet): an ISO date-time or null. */
export const NullableDateTime = Type.Union([IsoDateTime, Type.Null()]);
/** A calendar day, `YYYY-MM-DD`. */
export const IsoDate = Type.String({ format: "date" });

/** Staff view a customer's portal pages by naming the tenant; a customer's scope comes from the session only. */
export const TenantView = Type.Object({ tenant: Type.Optional(Uuid) });
export type TenantView = Static<typeof TenantView>;
