package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * A module's capability and views against offsets and lengths chosen to overflow: negative
 * lengths, offset + length past {@code Long.MAX_VALUE}, addresses past 4 GiB that would alias a
 * granted page if truncated to 32 bits, bulk calls that run off the end of the one page the
 * domain holds, {@code int} truncation of a long length. Every call must be refused, with a
 * {@link MemoryFault} or an {@link IndexOutOfBoundsException}/{@link IllegalArgumentException}
 * (never another exception, never success), and write nothing outside the page.
 */
final class BoundsAttackTest {
    private static final long PAGE = AddressMap.USER_HEAP_BASE + 0x10000;

    private final Fixture fx = new Fixture();
    private final MemoryAccess kernel = fx.system.access();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldRefuseEveryOverflowingOffsetAndLengthAndWriteNothingOutsideThePage() {
        final MemoryDomain d = fx.system.newDomain("X0");
        assertEquals(0, d.addPartition(new Partition("page", PAGE, 4096,
                PartitionAttribute.P_RW_U_RW)));
        final MemoryAccess cap = fx.system.accessFor(d);
        final MemoryView view = cap.view(PAGE + 64, 16);
        final byte[] bytes = new byte[256];
        final Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("int across the page end", () -> cap.getInt(PAGE + 4094));
        calls.put("putLong across the page end", () -> cap.putLong(PAGE + 4092, -1L));
        calls.put("address + 4 GiB (aliases the page in 32 bits)",
                () -> cap.putInt(PAGE + (1L << 32), -1));
        calls.put("negative address", () -> cap.getInt(-4));
        calls.put("Long.MIN_VALUE address", () -> cap.putByte(Long.MIN_VALUE, (byte) 1));
        calls.put("getBytes negative length", () -> cap.getBytes(PAGE, bytes, 0, -1));
        calls.put("putBytes offset + length overflows int",
                () -> cap.putBytes(PAGE, bytes, Integer.MAX_VALUE, 2));
        calls.put("putBytes across the page end", () -> cap.putBytes(PAGE + 4000, bytes, 0, 200));
        calls.put("putInts count * 4 overflows int", () -> cap.putInts(PAGE, new int[4], 0,
                Integer.MAX_VALUE / 2));
        calls.put("putShorts across the page end", () -> cap.putShorts(PAGE + 4094,
                new short[2], 0, 2));
        calls.put("copy Long.MAX_VALUE bytes", () -> cap.copy(PAGE, PAGE + 8, Long.MAX_VALUE));
        calls.put("copy 4 GiB + 8 (8 after int truncation)",
                () -> cap.copy(PAGE, PAGE + 8, (1L << 32) + 8));
        calls.put("setMemory negative length", () -> cap.setMemory(PAGE, -1, (byte) 1));
        calls.put("setMemory 4 GiB + 16", () -> cap.setMemory(PAGE, (1L << 32) + 16, (byte) 1));
        calls.put("check Long.MAX_VALUE", () -> cap.check(PAGE, Long.MAX_VALUE, AccessKind.READ));
        calls.put("view offset Long.MAX_VALUE", () -> view.putByte(Long.MAX_VALUE, (byte) 1));
        calls.put("view offset + size overflows", () -> view.putInt(Long.MAX_VALUE - 2, -1));
        calls.put("view negative offset", () -> view.putInt(-4, -1));
        calls.put("view bytes past its end", () -> view.putBytes(8, bytes, 0, 16));
        calls.put("view of negative length", () -> cap.view(PAGE, -1));
        calls.put("view past 4 GiB", () -> cap.view(Long.MAX_VALUE - 4, 8));
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            // a hang guard, not a timing: copy(.., Long.MAX_VALUE) once checked 2^51 pages,
            // each "granted" by an overflowing containment test, and never returned
            final RuntimeException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(RuntimeException.class, c.getValue(),
                            c.getKey() + ": succeeded"), c.getKey() + ": never returned");
            assertTrue(e instanceof MemoryFault || e instanceof IndexOutOfBoundsException
                    || e instanceof IllegalArgumentException, c.getKey() + ": " + e);
        }
        for (long a = PAGE - 4096; a < PAGE + 2 * 4096; a += 4) {
            assertEquals(0, kernel.getInt(a), "written at 0x" + Long.toHexString(a));
        }
    }
}
