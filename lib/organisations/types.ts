// The organisation as the rest of the code refers to it. A leaf module (no imports), so auth, the request context
// and the organisation lookup can all depend on it downward.

export interface OrganisationRef {
  id: string;
  slug: string;
  name: string;
  isDemo: boolean;
}
