import type { RefObject } from "react";
import type { PriceLineInput, StaffProposal } from "../../../../contracts/proposals";
import { FilterField } from "../../../components/FilterField";
import { FieldError } from "../../../components/FormMessages";
import { formatMoney, majorAmountText, parseMajorAmount } from "../money";
import { AddRowButton, newRowKey, RemoveRowButton, RowInput, rowId } from "./RowControls";

/** The currencies offered; a draft in another one keeps its own. */
const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "SGD", "JPY"];

/** A price line as typed: the numbers are text until the form is submitted. */
export interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
}

/** Which inputs of each price line are wrong, by the line's key. */
export type BadLines = Record<number, Partial<Record<"description" | "quantity" | "unitPrice", true>>>;

export const newLine = (): LineDraft => ({ key: newRowKey(), description: "", quantity: "1", unitPrice: "" });

/** A draft's saved price lines, as the editor's text. */
export const linesOf = (proposal: StaffProposal): LineDraft[] =>
  proposal.priceLines.map((line) => ({
    key: newRowKey(),
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: majorAmountText(line.unitPriceMinor, proposal.currency),
  }));

const isValidQuantity = (quantity: number) =>
  Number.isInteger(quantity) && quantity >= 1 && quantity <= 100_000;

/** A line's amount in minor units while it is typed; null until its quantity and unit price make sense. */
function amountOf(line: LineDraft, currency: string): number | null {
  const price = parseMajorAmount(line.unitPrice, currency);
  const quantity = Number(line.quantity);
  return price !== null && Number.isInteger(quantity) && quantity > 0 ? price * quantity : null;
}

/** The lines the server gets, and which inputs stop them: a description, a whole quantity, a unit price. */
export function readPriceLines(
  lines: readonly LineDraft[],
  currency: string,
): { priceLines: PriceLineInput[]; badLines: BadLines } {
  const priceLines: PriceLineInput[] = [];
  const badLines: BadLines = {};
  for (const line of lines) {
    const quantity = Number(line.quantity);
    const unitPriceMinor = parseMajorAmount(line.unitPrice, currency);
    const bad = {
      ...(line.description.trim() ? {} : { description: true as const }),
      ...(isValidQuantity(quantity) ? {} : { quantity: true as const }),
      ...(unitPriceMinor === null ? { unitPrice: true as const } : {}),
    };
    if (Object.keys(bad).length > 0) badLines[line.key] = bad;
    else
      priceLines.push({
        description: line.description.trim(),
        quantity,
        unitPriceMinor: unitPriceMinor ?? 0,
      });
  }
  return { priceLines, badLines };
}

interface PriceLinesFieldProps {
  fieldsetRef: RefObject<HTMLFieldSetElement | null>;
  lines: LineDraft[];
  currency: string;
  onCurrencyChange: (currency: string) => void;
  onChange: (key: number, change: Partial<LineDraft>) => void;
  onAdd: () => void;
  onRemove: (key: number) => void;
  badLines: BadLines;
  error: string | undefined;
  errorId: string;
}

/** The currency, one row per price line with its amount, and the total of the lines typed so far. */
export function PriceLinesField({
  fieldsetRef,
  lines,
  currency,
  onCurrencyChange,
  onChange,
  onAdd,
  onRemove,
  badLines,
  error,
  errorId,
}: PriceLinesFieldProps) {
  const currencies = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES];
  const totalMinor = lines.reduce((sum, line) => sum + (amountOf(line, currency) ?? 0), 0);
  return (
    <fieldset ref={fieldsetRef} tabIndex={-1} className="col-span-full min-w-0 focus:outline-none">
      <legend className="text-sm font-medium text-slate-700">Prices</legend>
      <div className="mt-2 flex flex-wrap items-end gap-4">
        <FilterField label="Currency" className="w-32">
          {(control) => (
            <select {...control} value={currency} onChange={(event) => onCurrencyChange(event.target.value)}>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <p className="pb-2 text-sm text-slate-700">
          Total: <span className="font-semibold text-slate-900">{formatMoney(totalMinor, currency)}</span>
        </p>
      </div>
      {lines.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No price lines: the document asks for a decision only.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {lines.map((line, index) => {
            const bad = badLines[line.key] ?? {};
            const amount = amountOf(line, currency);
            return (
              <li
                key={line.key}
                id={rowId(line.key)}
                className="grid grid-cols-2 gap-x-3 gap-y-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_6rem_9rem_7rem_auto] sm:items-end"
              >
                <RowInput
                  label={`Line ${index + 1}: description`}
                  visibleLabel="Description"
                  className="col-span-2 sm:col-span-1"
                  value={line.description}
                  maxLength={300}
                  invalid={bad.description}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { description: value })}
                />
                <RowInput
                  label={`Line ${index + 1}: quantity`}
                  visibleLabel="Quantity"
                  inputMode="numeric"
                  value={line.quantity}
                  maxLength={20}
                  invalid={bad.quantity}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { quantity: value })}
                />
                <RowInput
                  label={`Line ${index + 1}: unit price (${currency})`}
                  visibleLabel={`Unit price (${currency})`}
                  inputMode="decimal"
                  value={line.unitPrice}
                  maxLength={20}
                  invalid={bad.unitPrice}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { unitPrice: value })}
                />
                <p className="text-sm sm:pb-2 sm:text-right">
                  <span className="block text-xs text-slate-600 sm:sr-only">Amount</span>
                  <span className="font-medium text-slate-900 tabular-nums">
                    {amount === null ? "—" : formatMoney(amount, currency)}
                  </span>
                </p>
                <div className="flex items-end justify-end">
                  <RemoveRowButton label={`Remove line ${index + 1}`} onClick={() => onRemove(line.key)} />
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <FieldError id={errorId}>{error}</FieldError>
      <AddRowButton onClick={onAdd}>Add a price line</AddRowButton>
    </fieldset>
  );
}
