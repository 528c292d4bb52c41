/**
 * Decoding of `ExportMetricsServiceResponse`: only `partial_success` (field 1) with
 * `rejected_data_points` (1, int64) and `error_message` (2, string); unknown fields are skipped.
 */

/** ExportMetricsPartialSuccess as in `@opentelemetry/otlp-transformer`. */
export interface IExportMetricsPartialSuccess {
  rejectedDataPoints?: number | string;
  errorMessage?: string;
}

/** ExportMetricsServiceResponse as in `@opentelemetry/otlp-transformer`. */
export interface IExportMetricsServiceResponse {
  partialSuccess?: IExportMetricsPartialSuccess;
}

class Reader {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly end = buf.length,
  ) {}

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const b = this.buf[this.pos++];
      // Beyond 2^53 precision is lost; counts that large are not meaningful anyway.
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new RangeError('varint too long');
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 5) this.pos += 4;
    else throw new RangeError(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new RangeError('truncated field');
  }
}

/** decodeMetricsResponse decodes a protobuf `ExportMetricsServiceResponse`; throws on malformed bytes. */
export function decodeMetricsResponse(data: Uint8Array): IExportMetricsServiceResponse {
  const r = new Reader(data);
  const out: IExportMetricsServiceResponse = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) {
      const len = r.varint();
      const end = r.pos + len;
      if (end > r.end) throw new RangeError('truncated partial_success');
      out.partialSuccess = decodePartialSuccess(new Reader(data.subarray(0, end), end), r.pos);
      r.pos = end;
    } else r.skip(tag & 7);
  }
  return out;
}

function decodePartialSuccess(r: Reader, start: number): IExportMetricsPartialSuccess {
  r.pos = start;
  const out: IExportMetricsPartialSuccess = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) {
      const v = r.varint();
      // int64: a negative value arrives as a 10-byte two's complement; treat it as 0.
      out.rejectedDataPoints = v > Number.MAX_SAFE_INTEGER ? 0 : v;
    } else if (field === 2 && wire === 2) {
      const len = r.varint();
      if (r.pos + len > r.end) throw new RangeError('truncated error_message');
      out.errorMessage = Buffer.from(r.buf.buffer, r.buf.byteOffset + r.pos, len).toString('utf8');
      r.pos += len;
    } else r.skip(wire);
  }
  return out;
}
