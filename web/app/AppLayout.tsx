import { BadgeCheck, Mail, Menu, Shield, ShieldCheck, X } from "lucide-react";
import { useEffect, useState } from "react";
import { NavLink, Outlet } from "react-router";
import { Badge } from "../components/Badge";
import { focusRing, focusRingOnDark } from "../components/focus";
import { roleLabels } from "../features/auth/me.types";
import { SignOutButton } from "../features/auth/SignOutButton";
import { useCurrentUser } from "../features/auth/useMe";
import { withTenant } from "../lib/tenantPath";
import { visibleNavSections } from "./navigation";
import { useViewedTenant } from "./viewedTenant";

/**
 * The signed-in frame: a sidebar on wide screens, a top bar with a menu button on phones.
 * Grid areas keep one DOM order (header, nav, main) for both.
 */
export function AppLayout() {
  const me = useCurrentUser();
  const { tenant: viewedTenant } = useViewedTenant();
  const [isMenuOpen, setMenuOpen] = useState(false);

  // The phone menu closes when a link is followed, and on Escape.
  useEffect(() => {
    if (!isMenuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => event.key === "Escape" && setMenuOpen(false);
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [isMenuOpen]);

  return (
    <div className="min-h-dvh md:grid md:grid-cols-[16rem_minmax(0,1fr)] md:grid-rows-[auto_1fr]">
      <a
        href="#main"
        className={`sr-only z-50 rounded-md bg-white text-sm font-semibold text-slate-900 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:px-4 focus:py-2 ${focusRing}`}
      >
        Skip to main content
      </a>

      <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-4 bg-slate-900 px-4 text-white md:static md:col-start-2 md:row-start-1 md:h-16 md:border-b md:border-slate-200 md:bg-white md:px-8 md:text-slate-900">
        <div className="flex items-center gap-2 md:hidden">
          <Shield className="size-5 text-orange-400" aria-hidden="true" />
          <span className="font-semibold">Portcullis</span>
        </div>
        <div className="hidden min-w-0 md:block">
          <p className="truncate text-sm font-semibold">{me.tenant?.name ?? "Provider console"}</p>
        </div>
        <div className="flex items-center gap-2">
          <div className="hidden items-center gap-2 sm:flex">
            {me.auth_method === "sso" ? (
              <Badge tone="success">
                <BadgeCheck className="size-3.5" aria-hidden="true" />
                SSO Verified
              </Badge>
            ) : (
              <Badge tone="info">
                <Mail className="size-3.5" aria-hidden="true" />
                Email link
              </Badge>
            )}
            {me.mfa && (
              <Badge tone="success">
                <ShieldCheck className="size-3.5" aria-hidden="true" />
                MFA
              </Badge>
            )}
          </div>
          <button
            type="button"
            className={`-mr-2 rounded-md p-2 text-slate-200 hover:bg-slate-800 hover:text-white md:hidden ${focusRingOnDark}`}
            aria-expanded={isMenuOpen}
            aria-controls="app-sidebar"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {isMenuOpen ? (
              <X className="size-6" aria-hidden="true" />
            ) : (
              <Menu className="size-6" aria-hidden="true" />
            )}
            <span className="sr-only">{isMenuOpen ? "Close navigation" : "Open navigation"}</span>
          </button>
        </div>
      </header>

      <aside
        id="app-sidebar"
        aria-label="Sidebar"
        className={`${isMenuOpen ? "flex" : "hidden"} fixed inset-x-0 top-14 bottom-0 z-20 flex-col overflow-y-auto bg-slate-900 text-slate-300 md:sticky md:top-0 md:col-start-1 md:row-span-2 md:row-start-1 md:flex md:h-dvh`}
      >
        <div className="hidden h-16 shrink-0 items-center gap-2 border-b border-slate-800 px-5 md:flex">
          <Shield className="size-6 text-orange-400" aria-hidden="true" />
          <span className="text-lg font-semibold tracking-tight text-white">Portcullis</span>
        </div>

        <nav aria-label="Main" className="flex-1 space-y-6 px-3 py-5">
          {visibleNavSections(me).map((section) => (
            <div key={section.label}>
              <h2 className="px-3 text-xs font-semibold tracking-wider text-slate-400 uppercase">
                {section.label}
              </h2>
              <ul className="mt-2 space-y-1">
                {section.routes.map(({ path, label, icon: Icon }) => (
                  <li key={path}>
                    <NavLink
                      // Staff viewing a customer's portal stay on that customer from page to page.
                      to={path.startsWith("/customer-portal") ? withTenant(path, viewedTenant) : path}
                      // Stays current on the page's own sub-pages (a report, a framework), except for the
                      // dashboard, whose path prefixes every portal page.
                      end={path === "/customer-portal"}
                      onClick={() => setMenuOpen(false)}
                      className={({ isActive }) =>
                        `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${focusRingOnDark} ${
                          isActive
                            ? "bg-slate-800 text-white"
                            : "text-slate-300 hover:bg-slate-800/60 hover:text-white"
                        }`
                      }
                    >
                      {({ isActive }) => (
                        <>
                          <Icon
                            className={`size-4 ${isActive ? "text-orange-400" : "text-slate-400"}`}
                            aria-hidden="true"
                          />
                          {label}
                        </>
                      )}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>

        <div className="border-t border-slate-800 px-5 py-4">
          <p className="truncate text-sm font-medium text-white">{me.user.name}</p>
          <p className="truncate text-xs text-slate-400">{roleLabels[me.role] ?? me.role}</p>
          <div className="mt-3">
            <SignOutButton tone="dark" />
          </div>
        </div>
      </aside>

      <main
        id="main"
        tabIndex={-1}
        className="min-w-0 px-4 py-6 focus:outline-none md:col-start-2 md:row-start-2 md:px-8 md:py-8"
      >
        <div className="mx-auto max-w-6xl">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
