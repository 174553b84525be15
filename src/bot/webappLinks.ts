// Addresses that open the Mini App at a form and period (the page reads them from its query string).
export function webappLink(baseUrl: string, formId?: string, periodId?: string): string {
  const url = new URL(baseUrl);
  if (formId) url.searchParams.set("form", formId);
  if (periodId) url.searchParams.set("period", periodId);
  return url.toString();
}
