import { useCallback, useEffect, useState } from 'react';
import { type LabLayout, loadLayout, saveLayout } from './layout.js';

/** The remembered layout of the exercise page (layout.ts), and a function that changes part of it and remembers that. */
export function useLabLayout(): [LabLayout, (change: Partial<LabLayout>) => void] {
  const [layout, setLayout] = useState(loadLayout);
  useEffect(() => saveLayout(layout), [layout]);
  const change = useCallback((c: Partial<LabLayout>) => setLayout((prev) => ({ ...prev, ...c })), []);
  return [layout, change];
}
