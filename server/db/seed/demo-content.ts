import type { ATTACK_TACTICS } from "../attack";
import type { Severity } from "../types";

/*
 * Static catalogues the demo data generator draws from: MITRE ATT&CK tactics and techniques, incident and alert
 * detections, compliance control catalogues. Identifiers and names are the real public ones.
 */

export type TacticName = (typeof ATTACK_TACTICS)[number]["name"];
export type TacticId = (typeof ATTACK_TACTICS)[number]["id"];

export interface AttackTechnique {
  id: string;
  name: string;
  tactic: TacticName;
  /** Chance (0–1) that a managed SOC has a detection rule for it: pre-compromise techniques are hard to see. */
  detectability: number;
}

export const ATTACK_TECHNIQUES: readonly AttackTechnique[] = [
  { id: "T1595", name: "Active Scanning", tactic: "Reconnaissance", detectability: 0.6 },
  { id: "T1598", name: "Phishing for Information", tactic: "Reconnaissance", detectability: 0.45 },
  { id: "T1589", name: "Gather Victim Identity Information", tactic: "Reconnaissance", detectability: 0.15 },
  { id: "T1583", name: "Acquire Infrastructure", tactic: "Resource Development", detectability: 0.2 },
  { id: "T1586", name: "Compromise Accounts", tactic: "Resource Development", detectability: 0.3 },
  { id: "T1588.002", name: "Obtain Capabilities: Tool", tactic: "Resource Development", detectability: 0.15 },
  { id: "T1566.001", name: "Spearphishing Attachment", tactic: "Initial Access", detectability: 0.95 },
  { id: "T1566.002", name: "Spearphishing Link", tactic: "Initial Access", detectability: 0.95 },
  { id: "T1078.004", name: "Valid Accounts: Cloud Accounts", tactic: "Initial Access", detectability: 0.9 },
  { id: "T1133", name: "External Remote Services", tactic: "Initial Access", detectability: 0.85 },
  { id: "T1190", name: "Exploit Public-Facing Application", tactic: "Initial Access", detectability: 0.75 },
  {
    id: "T1059.001",
    name: "Command and Scripting Interpreter: PowerShell",
    tactic: "Execution",
    detectability: 0.95,
  },
  {
    id: "T1059.003",
    name: "Command and Scripting Interpreter: Windows Command Shell",
    tactic: "Execution",
    detectability: 0.85,
  },
  { id: "T1204.002", name: "User Execution: Malicious File", tactic: "Execution", detectability: 0.9 },
  { id: "T1047", name: "Windows Management Instrumentation", tactic: "Execution", detectability: 0.75 },
  { id: "T1053.005", name: "Scheduled Task/Job: Scheduled Task", tactic: "Persistence", detectability: 0.9 },
  {
    id: "T1547.001",
    name: "Boot or Logon Autostart Execution: Registry Run Keys / Startup Folder",
    tactic: "Persistence",
    detectability: 0.85,
  },
  { id: "T1136.003", name: "Create Account: Cloud Account", tactic: "Persistence", detectability: 0.8 },
  { id: "T1098", name: "Account Manipulation", tactic: "Persistence", detectability: 0.9 },
  {
    id: "T1505.003",
    name: "Server Software Component: Web Shell",
    tactic: "Persistence",
    detectability: 0.6,
  },
  {
    id: "T1548.002",
    name: "Abuse Elevation Control Mechanism: Bypass User Account Control",
    tactic: "Privilege Escalation",
    detectability: 0.7,
  },
  {
    id: "T1068",
    name: "Exploitation for Privilege Escalation",
    tactic: "Privilege Escalation",
    detectability: 0.55,
  },
  { id: "T1134", name: "Access Token Manipulation", tactic: "Privilege Escalation", detectability: 0.6 },
  {
    id: "T1070.001",
    name: "Indicator Removal: Clear Windows Event Logs",
    tactic: "Defense Evasion",
    detectability: 0.95,
  },
  {
    id: "T1562.001",
    name: "Impair Defenses: Disable or Modify Tools",
    tactic: "Defense Evasion",
    detectability: 0.9,
  },
  { id: "T1027", name: "Obfuscated Files or Information", tactic: "Defense Evasion", detectability: 0.65 },
  {
    id: "T1218.011",
    name: "System Binary Proxy Execution: Rundll32",
    tactic: "Defense Evasion",
    detectability: 0.7,
  },
  {
    id: "T1110.003",
    name: "Brute Force: Password Spraying",
    tactic: "Credential Access",
    detectability: 0.95,
  },
  {
    id: "T1110.001",
    name: "Brute Force: Password Guessing",
    tactic: "Credential Access",
    detectability: 0.95,
  },
  {
    id: "T1003.001",
    name: "OS Credential Dumping: LSASS Memory",
    tactic: "Credential Access",
    detectability: 0.9,
  },
  {
    id: "T1621",
    name: "Multi-Factor Authentication Request Generation",
    tactic: "Credential Access",
    detectability: 0.85,
  },
  { id: "T1528", name: "Steal Application Access Token", tactic: "Credential Access", detectability: 0.7 },
  {
    id: "T1558.003",
    name: "Steal or Forge Kerberos Tickets: Kerberoasting",
    tactic: "Credential Access",
    detectability: 0.7,
  },
  { id: "T1087.002", name: "Account Discovery: Domain Account", tactic: "Discovery", detectability: 0.6 },
  { id: "T1046", name: "Network Service Discovery", tactic: "Discovery", detectability: 0.85 },
  { id: "T1018", name: "Remote System Discovery", tactic: "Discovery", detectability: 0.55 },
  { id: "T1482", name: "Domain Trust Discovery", tactic: "Discovery", detectability: 0.65 },
  {
    id: "T1021.001",
    name: "Remote Services: Remote Desktop Protocol",
    tactic: "Lateral Movement",
    detectability: 0.9,
  },
  {
    id: "T1021.002",
    name: "Remote Services: SMB/Windows Admin Shares",
    tactic: "Lateral Movement",
    detectability: 0.8,
  },
  {
    id: "T1550.002",
    name: "Use Alternate Authentication Material: Pass the Hash",
    tactic: "Lateral Movement",
    detectability: 0.7,
  },
  {
    id: "T1114.003",
    name: "Email Collection: Email Forwarding Rule",
    tactic: "Collection",
    detectability: 0.95,
  },
  {
    id: "T1560.001",
    name: "Archive Collected Data: Archive via Utility",
    tactic: "Collection",
    detectability: 0.6,
  },
  { id: "T1530", name: "Data from Cloud Storage", tactic: "Collection", detectability: 0.65 },
  {
    id: "T1071.001",
    name: "Application Layer Protocol: Web Protocols",
    tactic: "Command and Control",
    detectability: 0.9,
  },
  {
    id: "T1071.004",
    name: "Application Layer Protocol: DNS",
    tactic: "Command and Control",
    detectability: 0.75,
  },
  { id: "T1572", name: "Protocol Tunneling", tactic: "Command and Control", detectability: 0.55 },
  { id: "T1219", name: "Remote Access Software", tactic: "Command and Control", detectability: 0.85 },
  {
    id: "T1567.002",
    name: "Exfiltration Over Web Service: Exfiltration to Cloud Storage",
    tactic: "Exfiltration",
    detectability: 0.9,
  },
  { id: "T1048", name: "Exfiltration Over Alternative Protocol", tactic: "Exfiltration", detectability: 0.6 },
  { id: "T1041", name: "Exfiltration Over C2 Channel", tactic: "Exfiltration", detectability: 0.55 },
  { id: "T1486", name: "Data Encrypted for Impact", tactic: "Impact", detectability: 0.95 },
  { id: "T1490", name: "Inhibit System Recovery", tactic: "Impact", detectability: 0.9 },
  { id: "T1489", name: "Service Stop", tactic: "Impact", detectability: 0.7 },
  { id: "T1485", name: "Data Destruction", tactic: "Impact", detectability: 0.6 },
];

/** What an incident title may mention: one of the tenant's people, machines, places. */
export interface IncidentContext {
  user: string;
  host: string;
  server: string;
  country: string;
  ip: string;
}

export interface IncidentType {
  title: (ctx: IncidentContext) => string;
  detection: string;
  tactic: TacticId;
  technique: string;
  /** Relative frequency. */
  weight: number;
  /** Relative weights of critical, high, medium, low. */
  severities: readonly [number, number, number, number];
}

export const INCIDENT_TYPES: readonly IncidentType[] = [
  {
    title: (c) => `Impossible travel sign-in for ${c.user} (${c.country})`,
    detection: "Entra ID Identity Protection: impossible travel",
    tactic: "TA0001",
    technique: "T1078.004",
    weight: 9,
    severities: [0, 3, 6, 1],
  },
  {
    title: (c) => `Suspicious PowerShell encoded command on ${c.host}`,
    detection: "EDR: encoded PowerShell command line",
    tactic: "TA0002",
    technique: "T1059.001",
    weight: 7,
    severities: [0.3, 5, 4, 0],
  },
  {
    title: (c) => `Ransomware canary file modified on ${c.server}`,
    detection: "Ransomware canary file tamper",
    tactic: "TA0040",
    technique: "T1486",
    weight: 0.6,
    severities: [1, 0, 0, 0],
  },
  {
    title: (c) => `Phishing link clicked by ${c.user}`,
    detection: "Defender for Office 365: malicious URL click",
    tactic: "TA0001",
    technique: "T1566.002",
    weight: 12,
    severities: [0, 2, 6, 3],
  },
  {
    title: (c) => `Malicious attachment opened by ${c.user}`,
    detection: "Defender for Office 365: malicious attachment",
    tactic: "TA0001",
    technique: "T1566.001",
    weight: 4,
    severities: [0, 3, 5, 1],
  },
  {
    title: (c) => `Brute force against VPN gateway from ${c.ip}`,
    detection: "Firewall: VPN authentication failures",
    tactic: "TA0006",
    technique: "T1110.001",
    weight: 8,
    severities: [0, 1, 4, 6],
  },
  {
    title: (c) => `Password spray against Entra ID from ${c.ip}`,
    detection: "Entra ID: password spray",
    tactic: "TA0006",
    technique: "T1110.003",
    weight: 5,
    severities: [0, 2, 5, 2],
  },
  {
    title: (c) => `MFA fatigue: repeated push denials for ${c.user}`,
    detection: "Entra ID: MFA request flood",
    tactic: "TA0006",
    technique: "T1621",
    weight: 3,
    severities: [0, 4, 3, 0],
  },
  {
    title: (c) => `LSASS memory access by unsigned process on ${c.server}`,
    detection: "EDR: credential dumping",
    tactic: "TA0006",
    technique: "T1003.001",
    weight: 1.5,
    severities: [1, 4, 0, 0],
  },
  {
    title: (c) => `Inbox rule forwarding mail to external address created by ${c.user}`,
    detection: "Exchange Online: external forwarding rule",
    tactic: "TA0009",
    technique: "T1114.003",
    weight: 3,
    severities: [0, 4, 3, 0],
  },
  {
    title: (c) => `Suspicious scheduled task created on ${c.host}`,
    detection: "EDR: scheduled task persistence",
    tactic: "TA0003",
    technique: "T1053.005",
    weight: 3,
    severities: [0, 2, 5, 1],
  },
  {
    title: (c) => `Privileged group membership change on ${c.server}`,
    detection: "Active Directory: privileged group change",
    tactic: "TA0003",
    technique: "T1098",
    weight: 3,
    severities: [0, 3, 4, 1],
  },
  {
    title: (c) => `Large upload to personal cloud storage from ${c.host}`,
    detection: "Defender for Cloud Apps: mass upload",
    tactic: "TA0010",
    technique: "T1567.002",
    weight: 2.5,
    severities: [0, 3, 5, 1],
  },
  {
    title: (c) => `Malware detected and quarantined on ${c.host}`,
    detection: "EDR: malware blocked",
    tactic: "TA0002",
    technique: "T1204.002",
    weight: 10,
    severities: [0, 0.5, 3, 8],
  },
  {
    title: (c) => `RDP lateral movement from workstation ${c.host} to ${c.server}`,
    detection: "EDR: anomalous RDP session",
    tactic: "TA0008",
    technique: "T1021.001",
    weight: 1.5,
    severities: [0.3, 4, 2, 0],
  },
  {
    title: (c) => `Beaconing to known command-and-control domain from ${c.host}`,
    detection: "DNS firewall: C2 domain beaconing",
    tactic: "TA0011",
    technique: "T1071.001",
    weight: 2,
    severities: [0.5, 5, 2, 0],
  },
  {
    title: (c) => `Security event log cleared on ${c.server}`,
    detection: "Windows: security log cleared",
    tactic: "TA0005",
    technique: "T1070.001",
    weight: 1.2,
    severities: [0.3, 4, 2, 0],
  },
  {
    title: (c) => `Endpoint protection disabled on ${c.host}`,
    detection: "EDR: sensor tamper",
    tactic: "TA0005",
    technique: "T1562.001",
    weight: 2,
    severities: [0, 3, 4, 1],
  },
  {
    title: (c) => `Internal port scan from ${c.host}`,
    detection: "NDR: internal service scan",
    tactic: "TA0007",
    technique: "T1046",
    weight: 3,
    severities: [0, 1, 4, 5],
  },
  {
    title: (c) => `OAuth consent granted to unverified application by ${c.user}`,
    detection: "Entra ID: risky OAuth consent",
    tactic: "TA0006",
    technique: "T1528",
    weight: 1.5,
    severities: [0, 3, 4, 1],
  },
  {
    title: (c) => `Unapproved remote access tool installed on ${c.host}`,
    detection: "EDR: remote access software",
    tactic: "TA0011",
    technique: "T1219",
    weight: 2.5,
    severities: [0, 1, 4, 4],
  },
  {
    title: (c) => `Shadow copies deleted on ${c.server}`,
    detection: "EDR: volume shadow copy deletion",
    tactic: "TA0040",
    technique: "T1490",
    weight: 0.4,
    severities: [1, 1, 0, 0],
  },
];

export interface AlertDetection {
  name: string;
  severity: Severity | "info";
  /** Mean alerts per weekday for a mid-sized tenant. */
  perDay: number;
  /** Weekend volume as a share of a weekday's. */
  weekend: number;
}

export const ALERT_DETECTIONS: readonly AlertDetection[] = [
  { name: "Firewall IPS signature match", severity: "info", perDay: 64, weekend: 0.85 },
  { name: "Endpoint malware blocked", severity: "low", perDay: 21, weekend: 0.35 },
  { name: "Phishing email reported by user", severity: "low", perDay: 17, weekend: 0.2 },
  { name: "Entra ID risky sign-in", severity: "medium", perDay: 12, weekend: 0.45 },
  { name: "VPN authentication failures", severity: "medium", perDay: 8, weekend: 0.7 },
  { name: "Privileged account change", severity: "medium", perDay: 2.2, weekend: 0.25 },
  { name: "Suspicious PowerShell execution", severity: "high", perDay: 3.1, weekend: 0.3 },
  { name: "Data exfiltration anomaly", severity: "high", perDay: 0.9, weekend: 0.4 },
  { name: "Ransomware behaviour", severity: "critical", perDay: 0.06, weekend: 0.8 },
];

export type FrameworkKey = "nist-800-53" | "cmmc-l2" | "fedramp-moderate" | "soc2" | "iso-27001";

export interface ControlDef {
  ref: string;
  title: string;
  family: string;
  /** Plausibly out of scope for a customer (becomes not_applicable first). */
  naCandidate?: boolean;
}

export interface FrameworkDef {
  name: string;
  controls: readonly ControlDef[];
}

const nistFamilies = {
  AC: "Access Control",
  AT: "Awareness and Training",
  AU: "Audit and Accountability",
  CA: "Assessment, Authorization, and Monitoring",
  CM: "Configuration Management",
  CP: "Contingency Planning",
  IA: "Identification and Authentication",
  IR: "Incident Response",
  MA: "Maintenance",
  MP: "Media Protection",
  PE: "Physical and Environmental Protection",
  PS: "Personnel Security",
  RA: "Risk Assessment",
  SA: "System and Services Acquisition",
  SC: "System and Communications Protection",
  SI: "System and Information Integrity",
  SR: "Supply Chain Risk Management",
} as const;

function nist(ref: string, title: string, naCandidate?: boolean): ControlDef {
  const family = nistFamilies[ref.slice(0, 2) as keyof typeof nistFamilies];
  return naCandidate ? { ref, title, family, naCandidate } : { ref, title, family };
}

const nist80053: readonly ControlDef[] = [
  nist("AC-2", "Account Management"),
  nist("AC-3", "Access Enforcement"),
  nist("AC-6", "Least Privilege"),
  nist("AC-7", "Unsuccessful Logon Attempts"),
  nist("AC-11", "Device Lock"),
  nist("AC-17", "Remote Access"),
  nist("AT-2", "Literacy Training and Awareness"),
  nist("AT-3", "Role-Based Training"),
  nist("AU-2", "Event Logging"),
  nist("AU-6", "Audit Record Review, Analysis, and Reporting"),
  nist("AU-9", "Protection of Audit Information"),
  nist("AU-11", "Audit Record Retention"),
  nist("CA-2", "Control Assessments"),
  nist("CA-7", "Continuous Monitoring"),
  nist("CM-2", "Baseline Configuration"),
  nist("CM-6", "Configuration Settings"),
  nist("CM-7", "Least Functionality"),
  nist("CM-8", "System Component Inventory"),
  nist("CP-9", "System Backup"),
  nist("CP-10", "System Recovery and Reconstitution"),
  nist("IA-2", "Identification and Authentication (Organizational Users)"),
  nist("IA-2(1)", "Multi-Factor Authentication to Privileged Accounts"),
  nist("IA-2(2)", "Multi-Factor Authentication to Non-Privileged Accounts"),
  nist("IA-5", "Authenticator Management"),
  nist("IR-4", "Incident Handling"),
  nist("IR-6", "Incident Reporting"),
  nist("IR-8", "Incident Response Plan"),
  nist("MA-4", "Nonlocal Maintenance", true),
  nist("MP-6", "Media Sanitization"),
  nist("PE-3", "Physical Access Control", true),
  nist("PS-4", "Personnel Termination"),
  nist("RA-3", "Risk Assessment"),
  nist("RA-5", "Vulnerability Monitoring and Scanning"),
  nist("SA-9", "External System Services"),
  nist("SC-7", "Boundary Protection"),
  nist("SC-8", "Transmission Confidentiality and Integrity"),
  nist("SC-13", "Cryptographic Protection"),
  nist("SC-28", "Protection of Information at Rest"),
  nist("SI-2", "Flaw Remediation"),
  nist("SI-3", "Malicious Code Protection"),
  nist("SI-4", "System Monitoring"),
  nist("SR-3", "Supply Chain Controls and Processes", true),
];

const cmmcFamilies = {
  AC: "Access Control",
  AT: "Awareness & Training",
  AU: "Audit & Accountability",
  CA: "Security Assessment",
  CM: "Configuration Management",
  IA: "Identification & Authentication",
  IR: "Incident Response",
  MA: "Maintenance",
  MP: "Media Protection",
  PE: "Physical Protection",
  PS: "Personnel Security",
  RA: "Risk Assessment",
  SC: "System & Communications Protection",
  SI: "System & Information Integrity",
} as const;

function cmmc(ref: string, title: string, naCandidate?: boolean): ControlDef {
  const family = cmmcFamilies[ref.slice(0, 2) as keyof typeof cmmcFamilies];
  return naCandidate ? { ref, title, family, naCandidate } : { ref, title, family };
}

const cmmcL2: readonly ControlDef[] = [
  cmmc("AC.L2-3.1.1", "Authorized Access Control"),
  cmmc("AC.L2-3.1.2", "Transaction & Function Control"),
  cmmc("AC.L2-3.1.3", "Control CUI Flow"),
  cmmc("AC.L2-3.1.5", "Least Privilege"),
  cmmc("AC.L2-3.1.8", "Unsuccessful Logon Attempts"),
  cmmc("AC.L2-3.1.12", "Control Remote Access"),
  cmmc("AC.L2-3.1.16", "Wireless Access Authorization", true),
  cmmc("AC.L2-3.1.20", "External Connections"),
  cmmc("AT.L2-3.2.1", "Role-Based Risk Awareness"),
  cmmc("AT.L2-3.2.2", "Role-Based Training"),
  cmmc("AU.L2-3.3.1", "System Auditing"),
  cmmc("AU.L2-3.3.2", "User Accountability"),
  cmmc("AU.L2-3.3.5", "Audit Correlation"),
  cmmc("CM.L2-3.4.1", "System Baselining"),
  cmmc("CM.L2-3.4.2", "Security Configuration Enforcement"),
  cmmc("CM.L2-3.4.6", "Least Functionality"),
  cmmc("IA.L2-3.5.1", "Identification"),
  cmmc("IA.L2-3.5.2", "Authentication"),
  cmmc("IA.L2-3.5.3", "Multifactor Authentication"),
  cmmc("IA.L2-3.5.10", "Cryptographically-Protected Passwords"),
  cmmc("IR.L2-3.6.1", "Incident Handling"),
  cmmc("IR.L2-3.6.2", "Incident Reporting"),
  cmmc("IR.L2-3.6.3", "Incident Response Testing"),
  cmmc("MA.L2-3.7.5", "Nonlocal Maintenance"),
  cmmc("MP.L2-3.8.3", "Media Disposal"),
  cmmc("MP.L2-3.8.9", "Protect Backups"),
  cmmc("PS.L2-3.9.2", "Personnel Actions"),
  cmmc("PE.L2-3.10.1", "Limit Physical Access"),
  cmmc("RA.L2-3.11.1", "Risk Assessments"),
  cmmc("RA.L2-3.11.2", "Vulnerability Scan"),
  cmmc("CA.L2-3.12.1", "Security Control Assessment"),
  cmmc("CA.L2-3.12.4", "System Security Plan"),
  cmmc("SC.L2-3.13.1", "Boundary Protection"),
  cmmc("SC.L2-3.13.8", "Data in Transit"),
  cmmc("SC.L2-3.13.11", "CUI Encryption"),
  cmmc("SC.L2-3.13.16", "Data at Rest"),
  cmmc("SI.L2-3.14.1", "Flaw Remediation"),
  cmmc("SI.L2-3.14.2", "Malicious Code Protection"),
  cmmc("SI.L2-3.14.6", "Monitor Communications for Attacks"),
];

const fedrampModerate: readonly ControlDef[] = [
  nist("AC-2(4)", "Automated Audit Actions"),
  nist("AC-2(12)", "Account Monitoring for Atypical Usage"),
  nist("AC-4", "Information Flow Enforcement"),
  nist("AC-6(9)", "Log Use of Privileged Functions"),
  nist("AC-17(2)", "Protection of Confidentiality and Integrity Using Encryption"),
  nist("AU-2", "Event Logging"),
  nist("AU-6(1)", "Automated Process Integration"),
  nist("AU-12", "Audit Record Generation"),
  nist("CA-7", "Continuous Monitoring"),
  nist("CA-8", "Penetration Testing"),
  nist("CM-3", "Configuration Change Control"),
  nist("CM-7(1)", "Periodic Review"),
  nist("CP-2", "Contingency Plan"),
  nist("CP-4", "Contingency Plan Testing"),
  nist("IA-2(12)", "Acceptance of PIV Credentials", true),
  nist("IA-5(1)", "Password-Based Authentication"),
  nist("IR-3", "Incident Response Testing"),
  nist("IR-4(1)", "Automated Incident Handling Processes"),
  nist("PE-6", "Monitoring Physical Access", true),
  nist("RA-5(5)", "Privileged Access"),
  nist("SA-11", "Developer Testing and Evaluation", true),
  nist("SC-7(4)", "External Telecommunications Services"),
  nist("SC-12", "Cryptographic Key Establishment and Management"),
  nist("SC-13", "Cryptographic Protection"),
  nist("SI-2(2)", "Automated Flaw Remediation Status"),
  nist("SI-4(4)", "Inbound and Outbound Communications Traffic"),
  nist("SI-7", "Software, Firmware, and Information Integrity"),
  nist("SR-2", "Supply Chain Risk Management Plan"),
];

const soc2: readonly ControlDef[] = [
  {
    ref: "CC1.1",
    title: "Demonstrates commitment to integrity and ethical values",
    family: "Control Environment",
  },
  {
    ref: "CC1.4",
    title: "Attracts, develops and retains competent individuals",
    family: "Control Environment",
  },
  {
    ref: "CC2.1",
    title: "Obtains and uses relevant, quality information",
    family: "Communication and Information",
  },
  {
    ref: "CC2.2",
    title: "Communicates information security responsibilities internally",
    family: "Communication and Information",
  },
  { ref: "CC3.1", title: "Specifies objectives to identify and assess risk", family: "Risk Assessment" },
  { ref: "CC3.2", title: "Identifies and analyzes risk", family: "Risk Assessment" },
  { ref: "CC3.4", title: "Identifies and assesses significant change", family: "Risk Assessment" },
  { ref: "CC4.1", title: "Performs ongoing and separate evaluations", family: "Monitoring Activities" },
  {
    ref: "CC5.2",
    title: "Selects and develops general controls over technology",
    family: "Control Activities",
  },
  {
    ref: "CC6.1",
    title: "Implements logical access security software, infrastructure and architectures",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC6.2",
    title: "Registers and authorizes users before issuing credentials",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC6.3",
    title: "Authorizes, modifies and removes role-based access",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC6.6",
    title: "Protects against threats from outside system boundaries",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC6.7",
    title: "Restricts the transmission and movement of information",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC6.8",
    title: "Prevents or detects unauthorized or malicious software",
    family: "Logical and Physical Access Controls",
  },
  {
    ref: "CC7.1",
    title: "Detects configuration changes and new vulnerabilities",
    family: "System Operations",
  },
  { ref: "CC7.2", title: "Monitors system components for anomalies", family: "System Operations" },
  { ref: "CC7.3", title: "Evaluates security events", family: "System Operations" },
  { ref: "CC7.4", title: "Responds to identified security incidents", family: "System Operations" },
  { ref: "CC7.5", title: "Recovers from identified security incidents", family: "System Operations" },
  { ref: "CC8.1", title: "Authorizes, designs, tests and approves changes", family: "Change Management" },
  { ref: "CC9.1", title: "Mitigates risk from business disruption", family: "Risk Mitigation" },
  { ref: "CC9.2", title: "Assesses and manages vendor and business partner risk", family: "Risk Mitigation" },
  { ref: "A1.2", title: "Maintains environmental protections, backup and recovery", family: "Availability" },
  { ref: "A1.3", title: "Tests recovery plan procedures", family: "Availability" },
  { ref: "C1.1", title: "Identifies and maintains confidential information", family: "Confidentiality" },
  { ref: "C1.2", title: "Disposes of confidential information", family: "Confidentiality" },
  {
    ref: "PI1.1",
    title: "Defines processing integrity objectives",
    family: "Processing Integrity",
    naCandidate: true,
  },
  { ref: "P1.1", title: "Provides notice about privacy practices", family: "Privacy", naCandidate: true },
];

const isoFamilies = {
  5: "Organizational controls",
  6: "People controls",
  7: "Physical controls",
  8: "Technological controls",
};

function iso(ref: string, title: string, naCandidate?: boolean): ControlDef {
  const family = isoFamilies[Number(ref.split(".")[1]) as keyof typeof isoFamilies];
  return naCandidate ? { ref, title, family, naCandidate } : { ref, title, family };
}

const iso27001: readonly ControlDef[] = [
  iso("A.5.1", "Policies for information security"),
  iso("A.5.2", "Information security roles and responsibilities"),
  iso("A.5.7", "Threat intelligence"),
  iso("A.5.9", "Inventory of information and other associated assets"),
  iso("A.5.15", "Access control"),
  iso("A.5.17", "Authentication information"),
  iso("A.5.19", "Information security in supplier relationships"),
  iso("A.5.23", "Information security for use of cloud services"),
  iso("A.5.24", "Information security incident management planning and preparation"),
  iso("A.5.26", "Response to information security incidents"),
  iso("A.5.29", "Information security during disruption"),
  iso("A.5.30", "ICT readiness for business continuity"),
  iso("A.5.34", "Privacy and protection of PII"),
  iso("A.6.1", "Screening"),
  iso("A.6.3", "Information security awareness, education and training"),
  iso("A.6.5", "Responsibilities after termination or change of employment"),
  iso("A.6.7", "Remote working"),
  iso("A.7.1", "Physical security perimeters"),
  iso("A.7.2", "Physical entry"),
  iso("A.7.10", "Storage media"),
  iso("A.7.14", "Secure disposal or re-use of equipment"),
  iso("A.8.1", "User endpoint devices"),
  iso("A.8.2", "Privileged access rights"),
  iso("A.8.5", "Secure authentication"),
  iso("A.8.7", "Protection against malware"),
  iso("A.8.8", "Management of technical vulnerabilities"),
  iso("A.8.9", "Configuration management"),
  iso("A.8.12", "Data leakage prevention"),
  iso("A.8.13", "Information backup"),
  iso("A.8.15", "Logging"),
  iso("A.8.16", "Monitoring activities"),
  iso("A.8.20", "Networks security"),
  iso("A.8.24", "Use of cryptography"),
  iso("A.8.25", "Secure development life cycle", true),
  iso("A.8.28", "Secure coding", true),
  iso("A.8.30", "Outsourced development", true),
  iso("A.8.32", "Change management"),
];

export const FRAMEWORKS: Record<FrameworkKey, FrameworkDef> = {
  "nist-800-53": { name: "NIST 800-53", controls: nist80053 },
  "cmmc-l2": { name: "CMMC Level 2", controls: cmmcL2 },
  "fedramp-moderate": { name: "FedRAMP Moderate", controls: fedrampModerate },
  soc2: { name: "SOC 2", controls: soc2 },
  "iso-27001": { name: "ISO 27001", controls: iso27001 },
};
