import type { Random } from './random.js';

/** Domain words for generated code: nouns an ordinary SaaS backend and its front end use. */
export const ENTITIES = [
  'user',
  'order',
  'invoice',
  'product',
  'account',
  'subscription',
  'project',
  'task',
  'comment',
  'team',
  'payment',
  'shipment',
  'review',
  'notification',
  'ticket',
  'customer',
  'article',
  'booking',
  'coupon',
  'warehouse',
  'message',
  'channel',
  'report',
  'workspace',
  'document',
  'attachment',
  'plan',
  'refund',
] as const;

export const ADJECTIVES = [
  'active',
  'pending',
  'archived',
  'recent',
  'featured',
  'primary',
  'shared',
  'draft',
  'paid',
  'overdue',
  'visible',
  'selected',
  'filtered',
  'sorted',
  'cached',
  'remote',
  'local',
  'default',
  'expanded',
  'compact',
] as const;

export const VERBS = [
  'load',
  'format',
  'parse',
  'build',
  'resolve',
  'compute',
  'merge',
  'normalize',
  'render',
  'select',
  'group',
  'sort',
  'filter',
  'validate',
  'serialize',
  'summarize',
  'transform',
  'collect',
  'toggle',
  'sync',
] as const;

export const UI_NOUNS = [
  'Card',
  'List',
  'Table',
  'Form',
  'Modal',
  'Panel',
  'Badge',
  'Header',
  'Footer',
  'Sidebar',
  'Menu',
  'Tabs',
  'Avatar',
  'Toolbar',
  'Banner',
  'Dialog',
  'Pagination',
  'Breadcrumbs',
  'Tooltip',
  'Drawer',
  'Grid',
  'Row',
] as const;

export const FIELD_NAMES = [
  'title',
  'name',
  'email',
  'status',
  'amount',
  'currency',
  'createdAt',
  'updatedAt',
  'ownerId',
  'slug',
  'description',
  'quantity',
  'priority',
  'dueDate',
  'tags',
  'score',
  'locale',
  'country',
  'notes',
  'version',
] as const;

export function pascal(...words: string[]): string {
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

export function camel(...words: string[]): string {
  const joined = pascal(...words);
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}

export function kebab(...words: string[]): string {
  return words
    .join('-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

export function plural(word: string): string {
  if (word.endsWith('y')) return `${word.slice(0, -1)}ies`;
  if (word.endsWith('s') || word.endsWith('x') || word.endsWith('ch')) return `${word}es`;
  return `${word}s`;
}

/** A field list with TypeScript types, stable for a given entity and generator state. */
export function fieldsFor(random: Random, count: number): { name: string; type: string; sample: string }[] {
  const typeOf: Record<string, [string, string]> = {
    title: ['string', "'Quarterly review'"],
    name: ['string', "'Ada Lovelace'"],
    email: ['string', "'ada@example.com'"],
    status: ["'open' | 'closed' | 'pending'", "'open'"],
    amount: ['number', '4200'],
    currency: ['string', "'EUR'"],
    createdAt: ['Date', "new Date('2024-01-01T00:00:00Z')"],
    updatedAt: ['Date', "new Date('2024-02-01T00:00:00Z')"],
    ownerId: ['string', "'usr_123'"],
    slug: ['string', "'quarterly-review'"],
    description: ['string | null', 'null'],
    quantity: ['number', '3'],
    priority: ['1 | 2 | 3', '2'],
    dueDate: ['Date | null', 'null'],
    tags: ['string[]', "['a', 'b']"],
    score: ['number', '0.75'],
    locale: ['string', "'en-GB'"],
    country: ['string', "'DE'"],
    notes: ['string | undefined', 'undefined'],
    version: ['number', '1'],
  };
  return random.sample(FIELD_NAMES, count).map((name) => {
    const [type, sample] = typeOf[name] ?? ['string', "''"];
    return { name, type, sample };
  });
}
