import { createContext, useContext, useMemo, type ReactNode } from 'react';

/**
 * Whether the code blocks below belong to an exercise with a lab, and its hosts: they then offer
 * "Run" (typing a shell block into a lab terminal). Module lessons and quiz-only exercises have no
 * scope, so their blocks offer Copy only.
 */
export interface CodeRun {
  hosts: string[];
}

const Scope = createContext<CodeRun | undefined>(undefined);

export function CodeRunScope({ lab, children }: { lab?: { hosts: { name: string }[] }; children: ReactNode }) {
  const value = useMemo(() => (lab ? { hosts: lab.hosts.map((h) => h.name) } : undefined), [lab]);
  return <Scope.Provider value={value}>{children}</Scope.Provider>;
}

export function useCodeRun(): CodeRun | undefined {
  return useContext(Scope);
}
