/**
 * How Signpost writes values as text: {@link io.signpost.text.TextCut} shortens strings from
 * outside the router (plugin answers, failure messages) on a code-point boundary; {@link
 * io.signpost.text.GoDuration} parses durations as the configuration writes them ({@code 250ms},
 * {@code 1h30m}) and formats them back, for every log line and message that names a configured
 * duration. Depends on the JDK only.
 */
package io.signpost.text;
