using System.Runtime.CompilerServices;

// The hot paths stackalloc buffers they fill before reading; zeroing them first costs time for nothing.
[module: SkipLocalsInit]
