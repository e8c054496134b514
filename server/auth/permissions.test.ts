import { describe, expect, it } from "vitest";
import { type Permission, permissionNames, type Role, roles } from "../../contracts/auth";
import { AppError } from "../errors";
import { hasPermission, isStaffRole, permissionMap, requirePermission } from "./permissions";

const Y = true;
const N = false;

/** The product's permission matrix, cell by cell: customer viewer, customer approver, analyst, admin. */
const expected: Record<Permission, [boolean, boolean, boolean, boolean]> = {
  can_view_reports: [Y, Y, Y, Y],
  can_download_reports: [Y, Y, Y, Y],
  can_view_compliance: [Y, Y, Y, Y],
  can_access_customer_portal: [Y, Y, Y, Y],
  can_view_dashboard: [Y, Y, Y, Y],
  can_view_engagements: [Y, Y, Y, Y],
  can_view_proposals: [Y, Y, Y, Y],
  can_sign_documents: [N, Y, N, N],
  can_generate_reports: [N, N, Y, Y],
  can_share_reports: [N, N, Y, Y],
  can_view_incidents: [N, N, Y, Y],
  can_manage_incidents: [N, N, Y, Y],
  can_manage_engagements: [N, N, Y, Y],
  can_issue_client_tokens: [N, N, Y, Y],
  can_manage_users: [N, N, N, Y],
  can_manage_settings: [N, N, N, Y],
  can_view_audit_log: [N, N, N, Y],
  can_view_access_log: [Y, Y, N, Y],
};

describe("permission matrix", () => {
  it("names every permission the API checks, once", () => {
    expect(Object.keys(expected).sort()).toEqual([...permissionNames].sort());
    expect(new Set(permissionNames).size).toBe(permissionNames.length);
  });

  it.each(roles.map((role, column) => [role, column] as const))(
    "grants %s exactly its column",
    (role, column) => {
      const granted = permissionNames.filter((name) => hasPermission(role, name));
      const wanted = permissionNames.filter((name) => expected[name][column]);
      expect(granted).toEqual(wanted);
      expect(permissionMap(role)).toEqual(
        Object.fromEntries(permissionNames.map((name) => [name, expected[name][column]])),
      );
    },
  );

  it("gives the customer viewer read access only (the portal's original matrix)", () => {
    for (const denied of [
      "can_generate_reports",
      "can_share_reports",
      "can_view_incidents",
      "can_manage_incidents",
      "can_manage_users",
      "can_manage_settings",
    ] as const) {
      expect(hasPermission("customer_viewer", denied)).toBe(false);
    }
  });

  it("knows staff from customers", () => {
    expect(roles.filter(isStaffRole)).toEqual(["analyst", "admin"] satisfies Role[]);
  });

  it("refuses a missing permission with a 403 that names it, and lets a held one through", () => {
    const actor = { role: "customer_viewer" as const } as Parameters<typeof requirePermission>[0];
    expect(() => requirePermission(actor, "can_view_reports")).not.toThrow();
    let error: unknown;
    try {
      requirePermission(actor, "can_manage_users");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 403,
      code: "forbidden",
      message: expect.stringContaining("can_manage_users"),
    });
  });
});
