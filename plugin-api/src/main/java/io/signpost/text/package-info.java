/**
 * Text that must stay within a length: {@link io.signpost.text.TextCut} shortens strings from
 * outside the router (plugin answers, failure messages) on a code-point boundary. Depends on the
 * JDK only.
 */
package io.signpost.text;
