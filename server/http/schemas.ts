import { Type } from "typebox";

/** Staff view a customer's portal pages by naming the tenant; a customer's scope comes from the session only. */
export const TenantView = Type.Object({ tenant: Type.Optional(Type.String({ format: "uuid" })) });
