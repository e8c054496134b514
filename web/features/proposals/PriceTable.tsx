import type { PriceLine } from "../../../contracts/proposals";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatCount } from "../../lib/format";
import { formatMoney } from "./money";

/** The price lines and their total, as the server computed them. Made for a flush card: it runs edge to edge. */
export function PriceTable({
  lines,
  totalMinor,
  currency,
}: {
  lines: readonly PriceLine[];
  totalMinor: number;
  currency: string;
}) {
  if (lines.length === 0) {
    return <p className="p-5 text-sm text-slate-600">No prices: this document asks for a decision only.</p>;
  }
  return (
    <ScrollRegion label="Prices">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Prices in {currency}, with the total</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3 pl-5">
              Description
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">
              Qty
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right whitespace-nowrap sm:table-cell">
              Unit price
            </th>
            <th scope="col" className="py-2 pr-5 pl-3 text-right">
              Amount
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {lines.map((line, index) => (
            // Lines have no id; their order is the document's.
            // biome-ignore lint/suspicious/noArrayIndexKey: a price line is identified by its place.
            <tr key={index} className="align-top">
              <td className="py-2.5 pr-3 pl-5 break-words text-slate-800">
                {line.description}
                {/* Phones: quantity and unit price under the description instead of in their own columns. */}
                <span className="mt-0.5 block text-xs text-slate-600 tabular-nums sm:hidden">
                  {formatCount(line.quantity)} × {formatMoney(line.unitPriceMinor, currency)}
                </span>
              </td>
              <td className="hidden px-3 py-2.5 text-right text-slate-700 tabular-nums sm:table-cell">
                {formatCount(line.quantity)}
              </td>
              <td className="hidden px-3 py-2.5 text-right whitespace-nowrap text-slate-700 tabular-nums sm:table-cell">
                {formatMoney(line.unitPriceMinor, currency)}
              </td>
              <td className="py-2.5 pr-5 pl-3 text-right whitespace-nowrap text-slate-900 tabular-nums">
                {formatMoney(line.amountMinor, currency)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t-2 border-slate-300">
          <tr>
            <th
              scope="row"
              colSpan={3}
              className="hidden py-3 pr-3 pl-5 text-right font-semibold text-slate-900 sm:table-cell"
            >
              Total
            </th>
            <th scope="row" className="py-3 pr-3 pl-5 text-right font-semibold text-slate-900 sm:hidden">
              Total
            </th>
            <td className="py-3 pr-5 pl-3 text-right text-base font-semibold whitespace-nowrap text-slate-900 tabular-nums">
              {formatMoney(totalMinor, currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}
