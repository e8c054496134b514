/*
 * The report labels moved to `../templates/labels.ts` (wording of severities, statuses, periods, changes) and the
 * report type labels to `contracts/report-types.ts`. This module keeps the old import path working.
 */
export * from "../templates/labels";
