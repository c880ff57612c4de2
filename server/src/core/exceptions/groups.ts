/** The groups of the exception register, in the order they are shown (no imports: the VS Code client uses it too). */
export const REGISTER_GROUPS = ['awaiting', 'granted', 'expiring', 'expired', 'not-granted', 'closed'] as const;
export type RegisterGroup = (typeof REGISTER_GROUPS)[number];

export const GROUP_TITLES: Record<RegisterGroup, string> = {
  awaiting: 'Awaiting signature',
  granted: 'Granted',
  expiring: 'Expiring soon',
  expired: 'Expired',
  'not-granted': 'Not granted',
  closed: 'Rejected and withdrawn',
};
