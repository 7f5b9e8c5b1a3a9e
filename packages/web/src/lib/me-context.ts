import type { Me } from '@tilts/shared';
import { createContext, useContext } from 'react';

export const MeContext = createContext<Me | null>(null);

/** The signed-in person inside the app layout (which renders nothing until it knows them). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside the signed-in layout');
  return me;
}
