// Every table goes in a ScrollTable, so a table wider than the screen (on a phone, say)
// scrolls sideways inside its own box instead of widening the page. While it scrolls the box
// is a labelled region in the tab order, so keyboard users can scroll it with the arrow keys
// and screen readers announce what it holds; when the table fits it is only a box.
import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'

/** `label` names the region: the table's caption, or what the table shows. */
export function ScrollTable({ label, children }: { label: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrolls, setScrolls] = useState(false)
  const measure = () => {
    const box = ref.current
    if (box) setScrolls(box.scrollWidth > box.clientWidth)
  }
  // After every render (new rows may widen the table) and whenever the box or table resizes.
  useLayoutEffect(measure)
  useLayoutEffect(() => {
    const box = ref.current
    if (!box || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(box)
    for (const child of Array.from(box.children)) observer.observe(child)
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={ref} class="table-scroll" {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}>
      {children}
    </div>
  )
}
