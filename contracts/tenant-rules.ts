/*
 * What a tenant's and a workspace's settings may be, defined once for the API's schemas and the console's forms.
 * Plain data with no imports, so the web app can import it as values.
 */

/** A tenant's short name in URLs and the CLI: lower-case letters, digits and hyphens, 2 to 63 characters. */
export const TENANT_SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{1,62}$";
/** A Microsoft Entra directory (tenant) id: a GUID. */
export const ENTRA_TENANT_ID_PATTERN =
  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/** A lower-case domain name of at least two labels, e.g. `northwind.example`. */
export const EMAIL_DOMAIN_PATTERN =
  "^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$";
/** How long a sign-in may last, in hours: one hour to a week. */
export const SESSION_HOURS = { minimum: 1, maximum: 168 } as const;
export const SESSION_HOURS_DEFAULT = 12;
export const TENANT_NAME_MAX_LENGTH = 200;
export const ENTRA_TENANT_IDS_MAX = 20;
export const EMAIL_DOMAINS_MAX = 50;
export const WORKSPACE_NAME_MAX_LENGTH = 200;
export const WORKSPACE_DESCRIPTION_MAX_LENGTH = 1000;
export const workspaceKinds = ["soc", "advisory"] as const;
export type WorkspaceKind = (typeof workspaceKinds)[number];
