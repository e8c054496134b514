import type { Severity } from "../types";

/*
 * The advisory side of the demo: engagements with phases, milestones, timeline updates and findings, the assessment
 * report each delivers, and proposals. Day offsets are relative to the engagement's start; absolute dates are
 * derived from the demo data's `now`, so the demo always looks current.
 */

export type MilestoneStatus = "pending" | "in_progress" | "done" | "blocked";
export type EngagementStatus = "planned" | "active" | "on_hold" | "completed";
export type FindingStatus = "open" | "remediated" | "accepted";

/** What text can refer to: the engagement's dates, formatted for people. */
export interface EngagementTextContext {
  start: Date;
  end: Date;
  /** "March 14, 2026" */
  date: (d: Date) => string;
  /** "Q3 2026" for the quarter of a date */
  quarter: (d: Date) => string;
}

type Text = string | ((c: EngagementTextContext) => string);

export interface MilestoneDef {
  title: string;
  dueDay: number;
  status: MilestoneStatus;
}

export interface PhaseDef {
  name: string;
  milestones: readonly MilestoneDef[];
}

export interface UpdateDef {
  day: number;
  body: Text;
  internal?: boolean;
  author?: "analyst" | "admin";
}

export interface FindingDef {
  title: string;
  severity: Severity | "info";
  status: FindingStatus;
  description: string;
  remediation: string;
}

export interface EngagementDef {
  /** Stable key, also used to seed the random stream. */
  key: string;
  tenantSlug: string;
  /** Key of the advisory workspace it lives in (see workspaces below). */
  workspaceKey: string;
  name: Text;
  status: EngagementStatus;
  /** Start relative to today (negative: in the past). */
  startDay: number;
  durationDays: number;
  summary: Text;
  internalNotes: string;
  phases: readonly PhaseDef[];
  updates: readonly UpdateDef[];
  findings: readonly FindingDef[];
  /** The `assessment` report it delivers (none for a planned engagement). */
  reportTitle?: Text;
}

export interface AdvisoryWorkspaceDef {
  key: string;
  tenantSlug: string;
  /** Named from the first engagement's dates, e.g. "Penetration Test Q3 2026". */
  name: Text;
  description: string;
  /** The engagement whose dates name the workspace. */
  engagementKey: string;
}

export const advisoryWorkspaces: readonly AdvisoryWorkspaceDef[] = [
  {
    key: "northwind-cmmc",
    tenantSlug: "northwind",
    name: (c) => `CMMC Readiness Assessment ${c.start.getUTCFullYear()}`,
    description:
      "CMMC Level 2 readiness assessment of the research enclave and supporting infrastructure ahead of the DoD contract renewal.",
    engagementKey: "northwind-cmmc",
  },
  {
    key: "northwind-pentest",
    tenantSlug: "northwind",
    name: (c) => `Penetration Test ${c.quarter(c.start)}`,
    description:
      "External and internal penetration test of Northwind's patient-facing applications and corporate network.",
    engagementKey: "northwind-pentest",
  },
  {
    key: "contoso-m365",
    tenantSlug: "contoso",
    name: "Microsoft 365 Security Review",
    description:
      "Configuration review of the Microsoft 365 tenant (Entra ID, Exchange Online, SharePoint, Teams) against CIS and Microsoft baselines.",
    engagementKey: "contoso-m365",
  },
];

const cmmcFindings: readonly FindingDef[] = [
  {
    title: "CUI on research file shares is not encrypted with FIPS-validated cryptography",
    severity: "high",
    status: "open",
    description:
      "The research file servers in the Ridgefield data center hold Controlled Unclassified Information (grant deliverables and DoD technical data). Volumes are encrypted with the storage array's native AES implementation, which is not FIPS 140-validated. CMMC practice SC.L2-3.13.11 requires FIPS-validated cryptography when it is used to protect the confidentiality of CUI.",
    remediation:
      "Enable the array's FIPS mode (firmware 9.4 or later), or migrate CUI to BitLocker-protected volumes on Windows Server with FIPS policy enabled. Record the CMVP certificate numbers in the System Security Plan.",
  },
  {
    title: "Multifactor authentication not enforced for local and network access to CUI systems",
    severity: "critical",
    status: "open",
    description:
      "MFA is enforced for Microsoft 365 and VPN access, but administrators and researchers sign in to the 18 research enclave servers over RDP and at the console with passwords only. IA.L2-3.5.3 requires MFA for local and network access to privileged accounts and network access to non-privileged accounts.",
    remediation:
      "Deploy the existing Duo or Entra ID MFA agent for Windows logon on all enclave servers and require phishing-resistant MFA for privileged accounts. Restrict RDP to the privileged access workstations subnet in the meantime.",
  },
  {
    title: "System Security Plan does not address 23 of 110 practices",
    severity: "high",
    status: "open",
    description:
      "The current SSP (v2.1, last revised 14 months ago) has no implementation statement for 23 practices, mainly in the Maintenance, Media Protection and System & Communications Protection families, and describes two systems that have since been decommissioned.",
    remediation:
      "Update the SSP with implementation statements for every practice, reflect the current CUI boundary and data-flow diagram, and put the SSP under annual review with an approval signature from the CISO.",
  },
  {
    title: "Shared administrative accounts on research enclave servers",
    severity: "high",
    status: "open",
    description:
      "Three local administrator accounts (svc-admin, labadmin, backupadmin) are shared among six staff members. Actions taken with them cannot be attributed to an individual, contrary to AU.L2-3.3.2.",
    remediation:
      "Issue named administrative accounts, deploy Windows LAPS for local administrator passwords, and disable interactive sign-in for the shared accounts.",
  },
  {
    title: "Domain controller security logs retained for only 30 days",
    severity: "medium",
    status: "open",
    description:
      "Security event logs on the domain controllers roll over after roughly 30 days and are not forwarded in full to the SIEM (only a filtered subset is). Investigations of events older than a month would lack evidence.",
    remediation:
      "Forward all domain controller security events to the managed SIEM and retain them for at least one year (90 days hot). Document the retention requirement in the audit and accountability policy.",
  },
  {
    title: "Incident response plan has not been tested in the past 12 months",
    severity: "medium",
    status: "open",
    description:
      "The incident response plan exists and names roles, but there is no record of a tabletop or functional exercise since the plan was adopted. IR.L2-3.6.3 requires testing the organisational incident response capability.",
    remediation:
      "Run a tabletop exercise covering a CUI spill and a ransomware scenario, record lessons learned, and schedule exercises annually.",
  },
  {
    title: "Removable media not controlled on CUI workstations",
    severity: "medium",
    status: "open",
    description:
      "USB mass storage is allowed on the 40 research workstations that process CUI. No device control policy or media marking procedure is in place.",
    remediation:
      "Block USB mass storage through Intune device control except for encrypted, inventoried devices, and add media marking to the media protection procedure.",
  },
  {
    title: "Vulnerability scans exclude the research enclave VLANs",
    severity: "medium",
    status: "open",
    description:
      "The authenticated vulnerability scanner is configured for the corporate and clinical networks only; the two research enclave VLANs have not been scanned in the last quarter.",
    remediation:
      "Add the enclave VLANs to the weekly authenticated scan schedule and track remediation of critical and high findings within 30 days.",
  },
  {
    title: "No Plan of Action & Milestones is maintained",
    severity: "medium",
    status: "open",
    description:
      "Known gaps are tracked informally in the IT ticketing system. CA.L2-3.12.2 expects a plan of action that describes how and when deficiencies will be corrected.",
    remediation:
      "Create a POA&M from this assessment's findings with owners, milestones and target dates, and review it monthly with the CISO.",
  },
  {
    title: "Security awareness training lacks insider-threat content",
    severity: "low",
    status: "open",
    description:
      "Annual training covers phishing and password hygiene, but not recognising and reporting potential indicators of insider threat, which AT.L2-3.2.3 (Insider Threat Awareness) requires.",
    remediation: "Add a 15-minute insider-threat module to the annual curriculum for staff with CUI access.",
  },
  {
    title: "Asset inventory does not flag CUI-processing systems",
    severity: "info",
    status: "open",
    description:
      "The CMDB is accurate for hardware, but does not record which assets store, process or transmit CUI, which makes boundary changes hard to review.",
    remediation:
      "Add a CUI classification attribute to CMDB records and populate it from the confirmed boundary.",
  },
];

const pentestFindings: readonly FindingDef[] = [
  {
    title: "SQL injection in the patient appointment portal search",
    severity: "critical",
    status: "remediated",
    description:
      "The `provider` parameter of /appointments/search is concatenated into a SQL query. Using time-based blind injection the tester enumerated the database schema and confirmed read access to the appointments table (names, dates of birth, visit reasons) without authentication.",
    remediation:
      "Use parameterised queries for all database access in the scheduling service, add the endpoint to the WAF's SQL injection ruleset, and review application logs for prior exploitation. Retest on day 40 confirmed the fix.",
  },
  {
    title: "Kerberoastable service accounts with weak passwords",
    severity: "high",
    status: "remediated",
    description:
      "Eleven service accounts have SPNs set; the tickets of four were cracked offline within two hours, including svc-sqlbackup, which is a member of Domain Admins.",
    remediation:
      "Move service accounts to group managed service accounts (gMSA) where possible, set 30+ character random passwords for the rest, and remove svc-sqlbackup from Domain Admins.",
  },
  {
    title: "SMB signing not required on domain-joined servers",
    severity: "high",
    status: "open",
    description:
      "SMB signing is enabled but not required on 64 of 71 servers, allowing NTLM relay. Combined with LLMNR poisoning the tester relayed a help-desk technician's credentials to a file server.",
    remediation:
      "Require SMB signing through Group Policy on all servers and workstations; test legacy medical devices that use SMB in a pilot group first.",
  },
  {
    title: "Outdated Apache Tomcat on the billing reporting server",
    severity: "high",
    status: "remediated",
    description:
      'billing-rpt01 runs Apache Tomcat 9.0.31, which is affected by multiple published vulnerabilities including the AJP file read/inclusion flaw (CVE-2020-1938, "Ghostcat"). The AJP connector is reachable from the user VLANs.',
    remediation:
      "Upgrade Tomcat to a supported release and disable the AJP connector, or restrict it to localhost.",
  },
  {
    title: "LLMNR and NBT-NS poisoning allowed credential capture",
    severity: "medium",
    status: "open",
    description:
      "LLMNR and NetBIOS name service are enabled on workstations. Within 20 minutes of listening on a user VLAN, the tester captured 37 NetNTLMv2 hashes, three of which were cracked.",
    remediation:
      "Disable LLMNR through Group Policy and NetBIOS over TCP/IP through DHCP options; monitor for name-resolution poisoning with the EDR.",
  },
  {
    title: "Stored cross-site scripting in the provider directory",
    severity: "medium",
    status: "remediated",
    description:
      "Provider biography text accepts HTML and is rendered without encoding. An account with directory editor rights can store script that runs in every visitor's browser.",
    remediation:
      "Encode output in the directory templates, sanitise rich text on input with an allow-list, and add a Content-Security-Policy that forbids inline script.",
  },
  {
    title: "Default credentials on printer management interfaces",
    severity: "medium",
    status: "remediated",
    description:
      "Nine multifunction printers accept the vendor's default administrator password. The LDAP bind account stored in their address-book settings could be recovered by pointing the LDAP server at a tester-controlled host.",
    remediation:
      "Set unique administrator passwords, use a least-privilege LDAP account, and place printer management interfaces on a management VLAN.",
  },
  {
    title: "TLS 1.0 and 1.1 enabled on the VPN concentrator",
    severity: "low",
    status: "accepted",
    description:
      "The VPN portal negotiates TLS 1.0 and 1.1 with weak CBC cipher suites. No practical exploit was demonstrated.",
    remediation:
      "Disable TLS versions below 1.2. Northwind accepted the risk until the concentrator is replaced next quarter, as two clinical partner sites still use legacy clients.",
  },
  {
    title: "Verbose error pages disclose stack traces",
    severity: "low",
    status: "remediated",
    description:
      "Malformed requests to the patient portal API return full .NET stack traces including internal paths and library versions.",
    remediation:
      "Return generic error messages in production and log details server-side with a correlation id.",
  },
  {
    title: "Missing HTTP security headers on public websites",
    severity: "low",
    status: "open",
    description:
      "northwindhealth.org and the careers site send no Strict-Transport-Security, Content-Security-Policy or X-Content-Type-Options headers.",
    remediation:
      "Add HSTS (with preload once verified), a CSP, X-Content-Type-Options: nosniff and a Referrer-Policy.",
  },
  {
    title: "Internal DNS zone transfer permitted from any host",
    severity: "info",
    status: "accepted",
    description:
      "The internal DNS servers allow AXFR zone transfers to any internal client, which gives an attacker a full host list immediately.",
    remediation: "Restrict zone transfers to the secondary DNS servers.",
  },
  {
    title: "Wildcard TLS certificate shared across internal and external services",
    severity: "info",
    status: "open",
    description:
      "The *.northwindhealth.org certificate and private key are installed on 14 systems, including internal test servers; compromise of any of them exposes the key used by public sites.",
    remediation:
      "Issue dedicated certificates for public services and use the internal CA for internal systems.",
  },
];

const m365Findings: readonly FindingDef[] = [
  {
    title: "Global Administrator role assigned to nine accounts, three without MFA",
    severity: "critical",
    status: "remediated",
    description:
      "Nine accounts hold the Global Administrator role, including two former contractors' accounts and a shared 'itadmin' mailbox. Three of the nine had no MFA method registered.",
    remediation:
      "Reduce Global Administrators to two named accounts plus two monitored break-glass accounts, use Privileged Identity Management for just-in-time elevation, and require phishing-resistant MFA for all admin roles.",
  },
  {
    title: "Legacy authentication protocols enabled for 41 mailboxes",
    severity: "high",
    status: "remediated",
    description:
      "IMAP, POP and SMTP AUTH remain enabled; 41 mailboxes signed in with legacy protocols in the last 30 days, which bypasses MFA and Conditional Access.",
    remediation:
      "Block legacy authentication with a Conditional Access policy, disable SMTP AUTH tenant-wide and enable it only for the scanner service account.",
  },
  {
    title: "No Conditional Access policy for risky sign-ins",
    severity: "high",
    status: "remediated",
    description:
      "Entra ID Identity Protection flags risky sign-ins, but no policy acts on them: a sign-in with high risk is allowed without additional verification.",
    remediation:
      "Require MFA for medium and high sign-in risk and a secure password change for high user risk; exclude break-glass accounts only.",
  },
  {
    title: "External automatic forwarding allowed to any domain",
    severity: "high",
    status: "remediated",
    description:
      "The outbound spam policy permits automatic forwarding; 17 mailboxes forward to personal addresses, including one in the lending team that receives member financial statements.",
    remediation:
      "Set automatic forwarding to Off in the outbound spam policy, allow exceptions through a reviewed remote domain list, and review the 17 existing rules with the mailbox owners.",
  },
  {
    title: "Break-glass accounts are not monitored",
    severity: "medium",
    status: "open",
    description:
      "The two emergency access accounts are correctly excluded from Conditional Access, but their sign-ins raise no alert, so misuse would go unnoticed.",
    remediation:
      "Create a SIEM alert rule for any sign-in by the break-glass accounts and test it quarterly.",
  },
  {
    title: "Mailbox auditing disabled for shared mailboxes",
    severity: "medium",
    status: "open",
    description:
      "Mailbox audit logging is off for 12 shared mailboxes, including memberservices@ and loans@, so access to member correspondence cannot be reconstructed.",
    remediation:
      "Enable mailbox auditing for all mailboxes and include MailItemsAccessed in the audited actions.",
  },
  {
    title: "Users can consent to third-party applications",
    severity: "medium",
    status: "remediated",
    description:
      "User consent is allowed for all applications; 23 third-party apps hold delegated Mail.Read or Files.Read.All permissions granted by individual users.",
    remediation:
      "Allow user consent only for verified publishers and low-risk permissions, enable the admin consent workflow, and review the 23 existing grants.",
  },
  {
    title: "SharePoint external sharing allows 'Anyone' links",
    severity: "medium",
    status: "open",
    description:
      "Anonymous 'Anyone' links are enabled tenant-wide without expiry; 214 such links exist, 9 of them on the Board and Finance sites.",
    remediation:
      "Restrict sharing to authenticated guests (or 'Existing guests' for sensitive sites), set link expiry to 30 days, and revoke anonymous links on Board and Finance sites.",
  },
  {
    title: "Guest accounts inactive for more than 180 days",
    severity: "low",
    status: "open",
    description:
      "86 guest accounts have not signed in for over 180 days; several belong to vendors no longer under contract.",
    remediation: "Run quarterly access reviews for guests and remove accounts inactive for 90 days.",
  },
  {
    title: "Safe Links not applied to Microsoft Teams",
    severity: "low",
    status: "open",
    description: "The Safe Links policy covers email and Office apps but not Teams messages.",
    remediation: "Extend the Safe Links policy to Microsoft Teams for all users.",
  },
  {
    title: "Unified audit log retained for the default 90 days",
    severity: "info",
    status: "accepted",
    description:
      "Audit records are kept for 90 days in Purview. Contoso forwards them to the managed SIEM, which retains them for 13 months, so the risk was accepted.",
    remediation:
      "No change required while SIEM forwarding is in place; document the dependency in the logging standard.",
  },
];

export const engagements: readonly EngagementDef[] = [
  {
    key: "northwind-cmmc",
    tenantSlug: "northwind",
    workspaceKey: "northwind-cmmc",
    name: "CMMC Level 2 Readiness Assessment",
    status: "active",
    startDay: -70,
    durationDays: 126,
    summary: (c) =>
      `Readiness assessment of Northwind's research enclave against the 110 CMMC Level 2 practices (NIST SP 800-171 Rev. 2), with an estimated SPRS score and a prioritised remediation roadmap. Final readout planned for ${c.date(c.end)}.`,
    internalNotes:
      "Fixed fee, 4 consultant-weeks remaining. Imaging VLAN is out of scope (change order CO-2 proposed). Daniel Whitaker wants the SPRS estimate before the board meeting; share only after gap analysis QA.",
    phases: [
      {
        name: "Kickoff & Scoping",
        milestones: [
          { title: "Kickoff meeting with IT, compliance and research leadership", dueDay: 3, status: "done" },
          { title: "Confirm CUI boundary and in-scope systems", dueDay: 10, status: "done" },
          { title: "Approve assessment plan and evidence request list", dueDay: 14, status: "done" },
        ],
      },
      {
        name: "Evidence Collection",
        milestones: [
          { title: "Collect policies, procedures and System Security Plan", dueDay: 24, status: "done" },
          { title: "Export identity, endpoint and logging configurations", dueDay: 31, status: "done" },
          {
            title: "Interview system owners (IT, research computing, clinical engineering)",
            dueDay: 38,
            status: "done",
          },
          { title: "Review prior assessments and open remediation items", dueDay: 42, status: "done" },
        ],
      },
      {
        name: "Control Testing",
        milestones: [
          {
            title: "Test Access Control and Identification & Authentication practices",
            dueDay: 52,
            status: "done",
          },
          {
            title: "Test Audit & Accountability and Incident Response practices",
            dueDay: 63,
            status: "done",
          },
          { title: "Test System & Communications Protection practices", dueDay: 76, status: "in_progress" },
          {
            title: "Validate encryption of CUI at rest on research file shares",
            dueDay: 80,
            status: "blocked",
          },
        ],
      },
      {
        name: "Gap Analysis",
        milestones: [
          { title: "Score all 110 practices using the DoD SPRS methodology", dueDay: 92, status: "pending" },
          { title: "Draft Plan of Action & Milestones", dueDay: 98, status: "pending" },
          { title: "Gap review workshop with Northwind leadership", dueDay: 104, status: "pending" },
        ],
      },
      {
        name: "Report & Roadmap",
        milestones: [
          { title: "Deliver readiness report with SPRS score", dueDay: 118, status: "pending" },
          { title: "Executive readout and remediation roadmap", dueDay: 125, status: "pending" },
        ],
      },
    ],
    updates: [
      {
        day: 1,
        body: "Engagement kicked off. The project plan, milestones and our weekly status notes will be posted here; the evidence request list follows this week.",
      },
      {
        day: 3,
        body: "Kickoff held with Daniel Whitaker, Priya Raman and the research computing team. Agreed scope: the research enclave, the Ridgefield data center file servers and the Microsoft 365 GCC High tenant.",
      },
      {
        day: 10,
        body: "CUI boundary confirmed: 212 endpoints, 18 servers and 3 cloud services in scope. The data-flow diagram is in the shared folder for your review.",
      },
      {
        day: 12,
        internal: true,
        body: "Research computing lead slow to respond to the evidence request. Escalate through Daniel if it slips past day 24.",
      },
      {
        day: 24,
        body: "Policies and System Security Plan received, thank you. First read: the SSP covers 87 of 110 practices; gaps are listed in the evidence tracker.",
      },
      {
        day: 38,
        body: "System owner interviews complete (11 interviews). Evidence collection closed on schedule.",
      },
      {
        day: 52,
        body: "Access Control and Identification & Authentication testing finished. Preliminary result: MFA is not enforced for console and RDP access to the research enclave servers (finding F-02).",
      },
      {
        day: 55,
        internal: true,
        author: "admin",
        body: "Clinical engineering asked us to include the imaging VLAN. Outside the statement of work: offered as change order CO-2, do not start testing it.",
      },
      {
        day: 63,
        body: "Audit & Accountability and Incident Response testing finished. Domain controller security logs are kept for about 30 days (finding F-05).",
      },
      {
        day: 66,
        body: "Testing of encryption at rest on the research file shares is blocked: we need read-only access to the storage array's management console. Change ticket NWH-CHG-20417 is open with your infrastructure team.",
      },
      {
        day: 68,
        internal: true,
        body: "Working SPRS estimate is around 62. Do not share before gap analysis QA.",
      },
      {
        day: 69,
        body: (c) =>
          `Weekly status: 9 of 16 milestones complete. System & Communications Protection testing is in progress; the readiness report remains on track for ${c.date(new Date(c.start.getTime() + 118 * 86_400_000))}.`,
      },
    ],
    findings: cmmcFindings,
    reportTitle: "CMMC Level 2 Readiness Assessment — Interim Findings",
  },
  {
    key: "northwind-pentest",
    tenantSlug: "northwind",
    workspaceKey: "northwind-pentest",
    name: (c) => `External & Internal Penetration Test ${c.quarter(c.start)}`,
    status: "completed",
    startDay: -160,
    durationDays: 42,
    summary:
      "Black-box external test of the patient portal, provider directory and remote access services, followed by an assumed-breach internal test of the corporate network and Active Directory. Critical and high findings were retested.",
    internalNotes:
      "Testing from SentinelForge range 198.51.100.0/28. Retest included in fixed fee; invoiced in full.",
    phases: [
      {
        name: "Kickoff & Rules of Engagement",
        milestones: [
          { title: "Kickoff and signed rules of engagement", dueDay: 2, status: "done" },
          { title: "Confirm target ranges and testing windows", dueDay: 5, status: "done" },
        ],
      },
      {
        name: "External Testing",
        milestones: [
          { title: "Reconnaissance and attack surface mapping", dueDay: 9, status: "done" },
          {
            title: "Web application testing: patient portal and provider directory",
            dueDay: 16,
            status: "done",
          },
          { title: "VPN and remote access testing", dueDay: 18, status: "done" },
        ],
      },
      {
        name: "Internal Testing",
        milestones: [
          { title: "Assumed-breach network testing from a user VLAN", dueDay: 24, status: "done" },
          { title: "Active Directory attack path analysis", dueDay: 27, status: "done" },
        ],
      },
      {
        name: "Report & Readout",
        milestones: [
          { title: "Draft report delivered", dueDay: 33, status: "done" },
          { title: "Executive and technical readout", dueDay: 36, status: "done" },
        ],
      },
      {
        name: "Retest",
        milestones: [
          { title: "Retest of critical and high findings", dueDay: 40, status: "done" },
          { title: "Final report with retest results", dueDay: 42, status: "done" },
        ],
      },
    ],
    updates: [
      { day: 2, body: "Rules of engagement signed. External testing starts Monday from 198.51.100.0/28." },
      {
        day: 11,
        body: "Critical finding reported out of band: SQL injection in the appointment portal search (F-01). Your web team has the details and a proof of concept.",
      },
      {
        day: 12,
        internal: true,
        body: "Northwind hot-fixed F-01 overnight; note it in the report as remediated during testing, retest on day 40.",
      },
      {
        day: 27,
        body: "Internal testing complete. Domain Admin was reached through a Kerberoastable service account (F-02); full attack path in the draft report.",
      },
      { day: 36, body: "Readout held with IT leadership. Draft report accepted with minor comments." },
      {
        day: 42,
        body: "Retest complete: the critical finding and two of the three high findings are fixed; SMB signing (F-03) is scheduled for the next maintenance window. The final report is available under Reports.",
      },
    ],
    findings: pentestFindings,
    reportTitle: (c) => `Penetration Test Report — ${c.quarter(c.start)}`,
  },
  {
    key: "contoso-m365",
    tenantSlug: "contoso",
    workspaceKey: "contoso-m365",
    name: "Microsoft 365 Security Configuration Review",
    status: "completed",
    startDay: -120,
    durationDays: 45,
    summary:
      "Review of Contoso's Microsoft 365 tenant against the CIS Microsoft 365 Foundations Benchmark and Microsoft's secure score recommendations, with a prioritised hardening plan.",
    internalNotes:
      "Secure Score went from 41 % to 68 % during the engagement. Follow-up validation proposed (draft).",
    phases: [
      {
        name: "Kickoff & Scoping",
        milestones: [
          { title: "Kickoff and read-only reviewer access granted", dueDay: 2, status: "done" },
          { title: "Agree benchmark profile and exclusions", dueDay: 5, status: "done" },
        ],
      },
      {
        name: "Evidence Collection",
        milestones: [
          { title: "Export tenant configuration and Secure Score", dueDay: 9, status: "done" },
          { title: "Interview messaging and identity administrators", dueDay: 13, status: "done" },
        ],
      },
      {
        name: "Control Testing",
        milestones: [
          { title: "Review Entra ID and Conditional Access", dueDay: 19, status: "done" },
          { title: "Review Exchange Online and Defender for Office 365", dueDay: 24, status: "done" },
          { title: "Review SharePoint, OneDrive and Teams sharing", dueDay: 28, status: "done" },
        ],
      },
      {
        name: "Gap Analysis",
        milestones: [
          { title: "Rate findings and map to CIS controls", dueDay: 33, status: "done" },
          { title: "Quick-win remediation support", dueDay: 38, status: "done" },
        ],
      },
      {
        name: "Report & Roadmap",
        milestones: [
          { title: "Final report and hardening roadmap", dueDay: 43, status: "done" },
          { title: "Readout with the Risk Committee", dueDay: 45, status: "done" },
        ],
      },
    ],
    updates: [
      { day: 2, body: "Kickoff complete and reviewer access granted. Configuration export starts tomorrow." },
      {
        day: 16,
        body: "Heads-up: three Global Administrator accounts have no MFA registered (F-01). We recommend fixing this now rather than waiting for the report.",
      },
      {
        day: 17,
        internal: true,
        body: "Maria confirmed two of the admin accounts belong to contractors who left in spring; she is disabling them today.",
      },
      {
        day: 38,
        body: "Quick wins applied together with your team: legacy authentication blocked, external forwarding disabled, risky sign-in policy enabled. Secure Score is now 68 %.",
      },
      {
        day: 45,
        body: "Final report delivered and presented to the Risk Committee. Thank you for a smooth engagement.",
      },
    ],
    findings: m365Findings,
    reportTitle: "Microsoft 365 Security Review — Final Report",
  },
  {
    key: "contoso-m365-validation",
    tenantSlug: "contoso",
    workspaceKey: "contoso-m365",
    name: "Microsoft 365 Remediation Validation",
    status: "planned",
    startDay: 21,
    durationDays: 21,
    summary:
      "Validation that the open findings from the Microsoft 365 security review have been remediated, with an updated Secure Score and a closure letter for the examiners.",
    internalNotes: "Pending proposal approval; tentatively staffed with Elena.",
    phases: [
      {
        name: "Kickoff & Scoping",
        milestones: [{ title: "Confirm remediated findings to validate", dueDay: 2, status: "pending" }],
      },
      {
        name: "Validation Testing",
        milestones: [
          { title: "Re-test open findings", dueDay: 12, status: "pending" },
          { title: "Refresh Secure Score and CIS benchmark results", dueDay: 15, status: "pending" },
        ],
      },
      {
        name: "Report & Roadmap",
        milestones: [{ title: "Closure letter and updated roadmap", dueDay: 21, status: "pending" }],
      },
    ],
    updates: [
      {
        day: -23,
        body: "Follow-up validation pencilled in. We will confirm the dates once the open findings are closed on your side.",
      },
    ],
    findings: [],
  },
];

export interface ProposalDef {
  tenantSlug: string;
  workspaceKey: string;
  title: (year: number) => string;
  status: "draft" | "sent";
  /** Days before now it was created / sent. */
  createdDaysAgo: number;
  sentDaysAgo?: number;
  expiresInDays?: number;
  body: (year: number) => string;
  /** Prices in whole currency units. */
  priceLines: readonly { description: string; quantity: number; unit_price: number }[];
  /** The demo users (subjects) who must sign. */
  signers: readonly string[];
}

export const proposals: readonly ProposalDef[] = [
  {
    tenantSlug: "northwind",
    workspaceKey: "northwind-cmmc",
    title: (year) => `Continuous Governance Retainer — ${year}`,
    status: "sent",
    createdDaysAgo: 6,
    sentDaysAgo: 4,
    expiresInDays: 30,
    signers: ["demo-northwind-approver"],
    priceLines: [
      {
        description: "Virtual CISO advisory retainer (monthly, up to 24 hours)",
        quantity: 12,
        unit_price: 7500,
      },
      { description: "Quarterly CMMC practice validation and SPRS update", quantity: 4, unit_price: 9800 },
      { description: "Annual System Security Plan and policy refresh", quantity: 1, unit_price: 14500 },
      { description: "Incident response tabletop exercise (half day)", quantity: 2, unit_price: 5200 },
      { description: "Mock C3PAO assessment before certification", quantity: 1, unit_price: 18000 },
    ],
    body: (year) => `# Continuous Governance Retainer — ${year}

**Prepared for:** Northwind Health Systems
**Prepared by:** SentinelForge Advisory

## Background

The CMMC Level 2 readiness assessment shows that Northwind can reach certification readiness within the next
twelve months, provided the remediation roadmap is executed and the evidence is kept current. This retainer gives
Northwind a standing advisory team to steer that work and keep the compliance programme running afterwards.

## Scope

- Virtual CISO advisory for the security and compliance programme, up to 24 hours per month
- Quarterly validation of the 110 CMMC Level 2 practices and an updated SPRS score
- Maintenance of the System Security Plan and Plan of Action & Milestones
- Two incident response tabletop exercises (ransomware and CUI spill scenarios)
- A mock third-party (C3PAO) assessment before the certification assessment

Out of scope: remediation engineering, penetration testing and managed SOC services (covered by the existing
Managed SOC agreement).

## Deliverables

1. Monthly programme status report and risk register update
2. Quarterly SPRS score with evidence of each practice's implementation
3. Updated System Security Plan and POA&M, approved by the CISO
4. Tabletop exercise reports with lessons learned
5. Mock assessment report with a go/no-go recommendation

## Timeline

| Quarter | Focus |
| --- | --- |
| Q1 ${year} | Roadmap kickoff, SSP refresh, first quarterly validation |
| Q2 ${year} | Remediation oversight, tabletop exercise 1 |
| Q3 ${year} | Mock C3PAO assessment, tabletop exercise 2 |
| Q4 ${year} | Certification support, programme review for ${year + 1} |

## Assumptions

- Northwind names a programme owner who attends a fortnightly 45-minute status call.
- Evidence is provided through the portal within ten business days of each request.
- Unused vCISO hours do not roll over to the following month.
- Travel to the Ridgefield site, if requested, is billed at cost.

## Commercial terms

Fees are fixed as listed in the price table and invoiced quarterly in advance, payable within 30 days. The
retainer runs for twelve months from signature and can be renewed for a further year at the same rates.
`,
  },
  {
    tenantSlug: "contoso",
    workspaceKey: "contoso-m365",
    title: () => "Microsoft 365 Remediation Validation & Quarterly Posture Reviews",
    status: "draft",
    createdDaysAgo: 2,
    signers: ["demo-contoso-approver"],
    priceLines: [
      { description: "Remediation validation of open M365 review findings", quantity: 1, unit_price: 12400 },
      { description: "Quarterly Microsoft 365 posture review", quantity: 4, unit_price: 4750 },
    ],
    body: (year) => `# Microsoft 365 Remediation Validation & Quarterly Posture Reviews

**Prepared for:** Contoso Federal Credit Union
**Prepared by:** SentinelForge Advisory

## Scope

- Re-test each open finding from the Microsoft 365 Security Configuration Review
- Refresh Microsoft Secure Score and CIS Microsoft 365 Foundations Benchmark results
- Quarterly posture reviews through ${year + 1}, each with a short written summary

## Deliverables

1. Closure letter suitable for the NCUA examination file
2. Updated hardening roadmap
3. Four quarterly posture review summaries

## Assumptions

- Read-only reviewer access is granted again for each review.
- Findings accepted by the Risk Committee are documented, not re-tested.
`,
  },
];
