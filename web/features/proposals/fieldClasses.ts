import { focusRing } from "../../components/focus";

/** A text field's look without its height (an input adds `h-10`, a text area its padding); red when invalid. */
export const fieldClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 ${focusRing}`;
