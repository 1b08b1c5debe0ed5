package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ErrnoTest {

    @ParameterizedTest
    @CsvSource({"EPERM,1", "ENOENT,2", "EIO,5", "ENOEXEC,8", "ENOMEM,12", "EACCES,13", "EFAULT,14",
        "EBUSY,16", "EINVAL,22", "ENOSPC,28", "ENODATA,61", "EPROTO,71", "ENOSYS,88",
        "ETIMEDOUT,116", "ENOTSUP,134", "EOVERFLOW,139"})
    void shouldUseZephyrNumberingWhenNamingCodes(String name, int value) {
        assertEquals(name, Errno.name(value));
        assertEquals("-" + name, Errno.name(-value));
    }

    @Test
    void shouldNameUnknownCodesByNumber() {
        assertEquals("-9999", Errno.name(-9999));
        assertEquals("0", Errno.name(0));
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,0", "INVALID_PARAM,1", "OUT_OF_MEMORY,3", "FAILURE,6", "INVALID_REQUEST,7",
        "INVALID_RESOURCE_ID,9", "INVALID_RESOURCE_STATE,12", "MOD_NOT_INITIALIZED,104",
        "INVALID_CORE_ID,116", "PIPELINE_STATE_NOT_SET,164"})
    void shouldCarrySofIpc4StatusValues(String name, int value) {
        assertEquals(name, Ipc4Status.name(value));
    }

    @Test
    void shouldCarryTheStatusInIpcException() {
        final IpcException e = new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "init comp_id=0x1");
        assertEquals(104, e.status());
        assertEquals("init comp_id=0x1 (IPC4 status MOD_NOT_INITIALIZED)", e.getMessage());
    }

    @Test
    void shouldCarryTheErrnoInLibraryLoadException() {
        final LibraryLoadException e = new LibraryLoadException(-Errno.EACCES, "untrusted key");
        assertEquals(-13, e.errno());
        assertEquals("untrusted key (-EACCES)", e.getMessage());
    }
}
