/**
 * Process-wide runtime settings shared by every entry point: no call-home, no downloads by the
 * native libraries (DJL, ONNX Runtime) behind the user's back.
 */
package org.spladespark.runtime;
