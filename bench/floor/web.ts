// The floor front end: Preact rendering one stateful component, nothing else. The first
// page's JavaScript is shown against this, built and gzipped the same way in the same run.
import { h, render } from 'preact'
import { useState } from 'preact/hooks'

function Counter() {
  const [count, setCount] = useState(0)
  return h('button', { type: 'button', onClick: () => setCount(count + 1) }, `Clicked ${count} times`)
}

render(h(Counter, null), document.getElementById('app')!)
