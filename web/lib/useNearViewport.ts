import { type RefObject, useEffect, useRef, useState } from "react";

/**
 * Whether an element has come within `margin` of the viewport (and stays true from then on), for content below
 * the fold that is costly to build: a phone renders it when the reader scrolls towards it, not in the same long
 * task as what they see first. A keyboard or screen-reader user moving into it scrolls it into view, which counts.
 * Where IntersectionObserver is missing, the content is shown at once.
 */
export function useNearViewport<T extends Element>(margin = "200px 0px"): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [isNear, setNear] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const element = ref.current;
    if (isNear || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [isNear, margin]);
  return [ref, isNear];
}
