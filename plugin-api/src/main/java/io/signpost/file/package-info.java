/**
 * Reading the files a configuration names: {@link io.signpost.file.BoundedFiles} reads only regular
 * files, up to a cap. A leaf package: it depends on nothing else of Signpost, so the configuration
 * loader, the listener's TLS setup and the plugin hosts can all use it.
 */
package io.signpost.file;
