import { describe, expect, it } from "vitest";
import { hasPermission, permissionMap, permissionNames } from "./permissions";

describe("permission matrix", () => {
  it("gives customer_viewer exactly the seed's permissions", () => {
    const granted = permissionNames.filter((name) => hasPermission("customer_viewer", name));
    expect(granted).toEqual([
      "can_view_reports",
      "can_download_reports",
      "can_view_compliance",
      "can_access_customer_portal",
      "can_view_dashboard",
      "can_view_engagements",
      "can_view_proposals",
    ]);
    // The seed lists these as false for the viewer.
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

  it("lets only the approver sign", () => {
    expect(permissionNames).toHaveLength(17);
    expect(
      ["customer_viewer", "customer_approver", "analyst", "admin"].filter((role) =>
        hasPermission(role as never, "can_sign_documents"),
      ),
    ).toEqual(["customer_approver"]);
  });

  it("matches SPEC §3 column by column", () => {
    const count = (role: Parameters<typeof permissionMap>[0]) =>
      Object.values(permissionMap(role)).filter(Boolean).length;
    expect({
      customer_viewer: count("customer_viewer"),
      customer_approver: count("customer_approver"),
      analyst: count("analyst"),
      admin: count("admin"),
    }).toEqual({ customer_viewer: 7, customer_approver: 8, analyst: 13, admin: 16 });
    expect(permissionMap("admin").can_sign_documents).toBe(false);
    expect(permissionMap("analyst").can_view_audit_log).toBe(false);
    expect(permissionMap("admin").can_view_audit_log).toBe(true);
  });
});
