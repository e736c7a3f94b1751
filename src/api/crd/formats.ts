/**
 * The string formats the apiextensions-apiserver validates (its strfmt registry). Other formats,
 * and the numeric ones (int32, int64, float, double), are accepted without a check, as there.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID_VERSION = /^[0-9a-f]{8}-?[0-9a-f]{4}-?([0-9a-f])[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const DURATION = /^(\s*[+-]?\d+(\.\d+)?\s*(ns|us|\u00b5s|ms|s|m|h|d|w|sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|wk|wks|week|weeks))+\s*$/;
const HOSTNAME = /^(?=.{1,255}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;
const HEX_COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB_COLOR = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/;
const BSON_OBJECT_ID = /^[0-9a-f]{24}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for an IP address, else 0 (without node:net, which no other command path loads). */
function ipFamily(v: string): 0 | 4 | 6 {
  if (IPV4.test(v)) return 4;
  return v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v) && URL.canParse(`http://[${v}]/`) ? 6 : 0;
}

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

const CHECKS: Record<string, (v: string) => boolean> = {
  date: (v) => {
    const m = DATE.exec(v);
    return !!m && validDate(m[1]!, m[2]!, m[3]!);
  },
  'date-time': (v) => {
    const m = DATE_TIME.exec(v);
    return !!m && validDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
  },
  datetime: (v) => CHECKS['date-time']!(v),
  duration: (v) => DURATION.test(v),
  uuid: (v) => UUID.test(v),
  uuid3: (v) => UUID_VERSION.exec(v)?.[1] === '3',
  uuid4: (v) => UUID_VERSION.exec(v)?.[1] === '4',
  uuid5: (v) => UUID_VERSION.exec(v)?.[1] === '5',
  hostname: (v) => HOSTNAME.test(v),
  email: (v) => EMAIL.test(v),
  ipv4: (v) => ipFamily(v) === 4,
  ipv6: (v) => ipFamily(v) === 6,
  cidr: (v) => {
    const [ip, bits, extra] = v.split('/');
    if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
    const family = ipFamily(ip ?? '');
    return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
  },
  mac: (v) => MAC.test(v),
  uri: (v) => URL.canParse(v) && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v),
  hexcolor: (v) => HEX_COLOR.test(v),
  rgbcolor: (v) => {
    const m = RGB_COLOR.exec(v);
    return !!m && [m[1], m[2], m[3]].every((c) => Number(c) <= 255);
  },
  bsonobjectid: (v) => BSON_OBJECT_ID.test(v),
  byte: (v) => BASE64.test(v),
};

/** Whether a string value satisfies a schema `format`; formats without a check always do. */
export function checkFormat(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check ? check(value) : true;
}
