/** An answer that is not JSON: a CSV export, an endpoint's own body. */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly body: string,
    /** Offered as a download under this name. */
    readonly filename?: string,
  ) {}
}
