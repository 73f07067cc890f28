/** Response status classes (RFC 9110 §15). */

/** 2xx Successful (§15.3): the request was received, understood and performed. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300
