package org.sofj.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sofj.api.Ipc4Status;

final class Ipc4ReplyTest {
    private final Ipc4Codec codec = Ipc4Codec.standard();

    @Test
    void shouldMirrorTypeAndTargetAndSetRspWhenReplyingToModuleRequest() {
        final Ipc4Frame bind = codec.encode(new ModBind(0x1002, 1, 0x0003, 2, 1, 2));
        final Ipc4Reply reply = Ipc4Reply.to(bind, Ipc4Status.INVALID_RESOURCE_ID);
        final int expected = 1 << 30 // msg_tgt: MODULE, as the request
                | 1 << 29            // rsp: reply
                | 5 << 24            // type: MOD_BIND, as the request
                | 9;                 // status: IPC4_INVALID_RESOURCE_ID; module/instance gone
        assertEquals(0x65000009, expected);
        assertEquals(expected, reply.primary());
        assertEquals(bind.extension(), reply.extension());
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, reply.status());
        assertEquals(Ipc4Header.MOD_BIND, reply.type());
        assertTrue(reply.isModuleTarget());
        assertEquals(0, reply.payload().length);
    }

    @Test
    void shouldClearTargetBitWhenReplyingToGlobalRequest() {
        final Ipc4Frame load = codec.encode(new LoadLibrary(1, 2));
        final Ipc4Reply reply = Ipc4Reply.to(load, Ipc4Status.SUCCESS);
        assertEquals(0 << 30 | 1 << 29 | 24 << 24, reply.primary()); // 0x38000000
        assertFalse(reply.isModuleTarget());
        assertEquals(Ipc4Header.GLB_LOAD_LIBRARY, reply.type());
    }

    @Test
    void shouldCarryExtensionAndDataWhenReplyingToLargeConfigGet() {
        final Ipc4Frame get = codec.encode(new ModLargeConfigGet(0x1002, 3, 7, true, false, 0));
        final int extension = get.extension() | LargeConfig.FINAL_BLOCK_BIT | 4;
        final Ipc4Reply reply = Ipc4Reply.to(get, Ipc4Status.SUCCESS, extension,
                new byte[] {1, 2, 3, 4});
        assertEquals(1 << 30 | 1 << 29 | 3 << 24, reply.primary());
        assertEquals(new Ipc4Frame(reply.primary(), extension, new byte[] {1, 2, 3, 4}),
                reply.toFrame());
    }

    @Test
    void shouldKeepTwentyFourStatusBitsWhenStatusIsLarge() {
        final Ipc4Reply reply = Ipc4Reply.to(new Ipc4Frame(17 << 24, 0),
                Ipc4Status.MOD_NOT_INITIALIZED);
        assertEquals(1 << 29 | 17 << 24 | 104, reply.primary());
        assertThrows(IllegalArgumentException.class,
                () -> Ipc4Reply.to(new Ipc4Frame(17 << 24, 0), 1 << 24));
    }

    @Test
    void shouldRejectReplyingToAReply() {
        final Ipc4Reply reply = Ipc4Reply.to(new Ipc4Frame(17 << 24, 0), 0);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ipc4Reply.to(reply.toFrame(), 0));
        assertTrue(e.getMessage().contains("is a reply"), e.getMessage());
    }

    @Test
    void shouldRejectWordsThatDoNotCarryTheStatusWhenConstructed() {
        assertThrows(IllegalArgumentException.class,
                () -> new Ipc4Reply(1, 1 << 29 | 2, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipc4Reply(1, 1, 0, new byte[0])); // rsp clear
        assertThrows(IllegalArgumentException.class,
                () -> new Ipc4Reply(1, 1 << 31 | 1 << 29 | 1, 0, new byte[0]));
    }

    @Test
    void shouldCopyPayloadWhenConstructedAndRead() {
        final byte[] data = {1, 2};
        final Ipc4Reply reply = new Ipc4Reply(0, 1 << 29, 0, data);
        data[0] = 9;
        reply.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, reply.payload());
        assertEquals(new Ipc4Reply(0, 1 << 29, 0, new byte[] {1, 2}), reply);
        assertEquals(new Ipc4Reply(0, 1 << 29, 0, new byte[] {1, 2}).hashCode(),
                reply.hashCode());
    }
}
