package com.pharmacyops.platform.streaming;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * The one way a stream is written as NDJSON: a chunk of rows (a database fetch, or a batch of items) becomes byte
 * buffers of at most about {@value #CHUNK_BYTES} bytes, each an HTTP chunk written by one generator straight into
 * it. The framework writes one buffer per stream element and asks for the next only when it is written, so a
 * buffer per row made a million-row stream a million writes. A buffer's lines are joined by newlines without a
 * last one: the framework ends each element with a newline. Items go through the application's ObjectMapper, so a line is exactly what the JSON endpoints
 * return; a {@link LineWriter} may instead write a database row's columns itself, with no object in between
 * (the inventory, the largest stream), and must then write what the ObjectMapper would.
 */
@ApplicationScoped
public class Ndjson {

    /** The media type of every NDJSON stream, declared once. */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    /** Items per chunk when a stream comes item by item; the database's streams come a fetch at a time. */
    static final int BATCH = 250;

    /** Bytes of an HTTP chunk, about: under half a G1 region (512 KB at the smallest), so never a humongous object. */
    static final int CHUNK_BYTES = 256 * 1024;

    private static final SerializedString NEWLINE = new SerializedString("\n");

    /** Writes one line's JSON value with the generator; nothing else (no separator). */
    @FunctionalInterface
    public interface LineWriter<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    private final ObjectWriter writer;
    private final LineWriter<Object> objects;

    public Ndjson(ObjectMapper json) {
        this.writer = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.objects = (g, item) -> writer.writeValue(g, item);
    }

    /** Items one by one, written {@value #BATCH} to a chunk. */
    public <T> Multi<Buffer> lines(Multi<T> items) {
        return items.group().intoLists().of(BATCH).onItem().transformToIterable(chunk -> chunks(chunk, objects));
    }

    /** A chunked list, a chunk per HTTP chunk: rows by its line writer, else their items through the ObjectMapper. */
    public <R, T> Multi<Buffer> write(Chunks<R, T> list) {
        if (list.line() != null) {
            return list.rows().onItem().transformToIterable(chunk -> chunks(chunk, list.line()));
        }
        Function<? super R, ? extends T> item = list.item();
        LineWriter<R> line = (g, row) -> objects.write(g, item.apply(row));
        return list.rows().onItem().transformToIterable(chunk -> chunks(chunk, line));
    }

    /**
     * A fetch's lines as buffers of about {@value #CHUNK_BYTES} bytes at most, each sized up front: one buffer for a
     * whole 8 000-row fetch (1.6 MB) was a humongous object for G1, allocated in the old generation, and a
     * million-row stream's heap peaked 146 MB above its start, all of it garbage.
     */
    private <T> List<Buffer> chunks(Iterable<T> items, LineWriter<? super T> line) {
        int rows = items instanceof Collection<?> c ? c.size() : items instanceof RowSet<?> r ? r.size() : BATCH;
        int capacity = Math.min(CHUNK_BYTES + 16 * 1024, Math.max(1024, rows * 192));
        List<Buffer> chunks = new ArrayList<>(1 + rows * 192 / CHUNK_BYTES);
        Iterator<T> it = items.iterator();
        try {
            while (it.hasNext()) {
                ByteBuf chunk = Unpooled.buffer(capacity);
                try (JsonGenerator g = writer.createGenerator((OutputStream) new ByteBufOutputStream(chunk))) {
                    g.setRootValueSeparator(NEWLINE); // between lines; none after the last
                    do {
                        line.write(g, it.next());
                    } while (it.hasNext() && chunk.writerIndex() + g.getOutputBuffered() < CHUNK_BYTES);
                }
                chunks.add(Buffer.buffer(chunk));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }
}
