/** The one visible keyboard-focus style, shared by every interactive element. */
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700";

/** The same ring for the dark sidebar, where orange-700 would not stand out against slate-900. */
export const focusRingOnDark =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-400";
