// The single error class of the XML layer: parsing untrusted messages and writing responses.

export type XmlErrorKind =
  /** Larger than the byte limit; refused before parsing. */
  | 'too-large'
  /** A DOCTYPE anywhere in the input; refused before parsing, so no entity can be declared or expanded. */
  | 'doctype'
  /** Not UTF-8: invalid bytes, a UTF-16 byte order mark, or another declared encoding. */
  | 'encoding'
  /** Not well-formed XML 1.0. */
  | 'malformed'
  /** `&name;` other than the five predefined entities, or a character reference to a forbidden character. */
  | 'entity'
  /** A processing instruction other than the XML declaration. */
  | 'processing-instruction'
  /** Namespaces in XML 1.0 violated: undeclared prefix, bad declaration, bad qualified name. */
  | 'namespace'
  | 'too-deep'
  | 'too-many-elements'
  | 'too-many-attributes'
  /** Writing: a string holds a character XML 1.0 cannot represent (control characters, lone surrogates). */
  | 'invalid-char'
  /** Writing: an element, attribute or prefix name that is not a valid XML name. */
  | 'invalid-name';

export interface XmlPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

/** Why a message was refused (or could not be written), and where. */
export class XmlError extends Error {
  readonly kind: XmlErrorKind;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(kind: XmlErrorKind, message: string, position?: XmlPosition) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.name = 'XmlError';
    this.kind = kind;
    this.line = position?.line;
    this.column = position?.column;
  }
}
