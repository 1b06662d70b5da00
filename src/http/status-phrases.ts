/**
 * The reason phrases RFC 9110 §15 recommends for error statuses, with the names RFC 7231 gave
 * the two it renamed (a server written before 2022 still says "Payload Too Large").
 *
 * @see [RFC 9110 §15](https://www.rfc-editor.org/rfc/rfc9110.html#section-15)
 */
export const STATUS_PHRASES: Readonly<Record<number, readonly string[]>> = {
  400: ['Bad Request'],
  401: ['Unauthorized'],
  402: ['Payment Required'],
  403: ['Forbidden'],
  404: ['Not Found'],
  405: ['Method Not Allowed'],
  406: ['Not Acceptable'],
  407: ['Proxy Authentication Required'],
  408: ['Request Timeout'],
  409: ['Conflict'],
  410: ['Gone'],
  411: ['Length Required'],
  412: ['Precondition Failed'],
  413: ['Content Too Large', 'Payload Too Large'],
  414: ['URI Too Long'],
  415: ['Unsupported Media Type'],
  416: ['Range Not Satisfiable'],
  417: ['Expectation Failed'],
  421: ['Misdirected Request'],
  422: ['Unprocessable Content', 'Unprocessable Entity'],
  426: ['Upgrade Required'],
  428: ['Precondition Required'],
  429: ['Too Many Requests'],
  431: ['Request Header Fields Too Large'],
  500: ['Internal Server Error'],
  501: ['Not Implemented'],
  502: ['Bad Gateway'],
  503: ['Service Unavailable'],
  504: ['Gateway Timeout'],
  505: ['HTTP Version Not Supported'],
}
