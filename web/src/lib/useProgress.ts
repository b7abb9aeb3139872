// Progress for the roadmap and task list, when the server offers GET /api/progress (null until then).
import { useEffect, useState } from 'react';
import { getProgress, type ProgressView } from '../api.js';

export function useProgress(): ProgressView | null {
  const [progress, setProgress] = useState<ProgressView | null>(null);
  useEffect(() => {
    let live = true;
    void getProgress().then((p) => live && setProgress(p));
    return () => {
      live = false;
    };
  }, []);
  return progress;
}
