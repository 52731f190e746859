package com.agentplatform.common.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write buffer of {@code common} against a real PostgreSQL (it lives here because {@code infra}, which starts
 * the stack, depends on {@code common}). Each write is one row of a scratch table; a batch inserts its rows with one
 * multi-row statement, and the test's batch records every transaction it ran in.
 */
@Timeout(60)
class WriteBufferTest {

    private static EmbeddedStack stack;
    private static DataSource database;
    private static JdbcClient jdbc;
    private static final ExecutorService CALLERS = Executors.newVirtualThreadPerTaskExecutor();

    /** Batch sizes, one entry per transaction the buffer ran. */
    private final List<Integer> transactions = new CopyOnWriteArrayList<>();
    /** Held by a test to keep a flush (and its transaction) open; open by default. */
    private final CountDownLatch hold = new CountDownLatch(1);
    private boolean holding;
    private WriteBuffer<String, String> buffer;

    @BeforeAll
    static void scratchTable() {
        stack = SharedTestStack.get();
        database = new SimpleDriverDataSource(new org.postgresql.Driver(), stack.jdbcUrl(), stack.jdbcUsername(), stack.jdbcPassword());
        jdbc = JdbcClient.create(database);
        jdbc.sql("create table if not exists write_buffer_test (id text primary key, tag text not null)").update();
    }

    @AfterEach
    void close() {
        hold.countDown();
        if (buffer != null) {
            buffer.close();
        }
    }

    @Test
    void aCallerReturnsOnlyOnceItsWriteCommittedAndAnotherConnectionSeesIt() throws Exception {
        holding = true;
        buffer = buffer(new WriteBuffer.Settings(10, Duration.ZERO, 10, 1), database);
        String id = newId();

        CompletableFuture<Boolean> visibleOnReturn = CompletableFuture.supplyAsync(() -> {
            buffer.write(id);
            return stored(List.of(id)) == 1; // read at once, on another connection
        }, CALLERS);
        await().atMost(Duration.ofSeconds(5)).until(() -> transactions.size() == 1);
        // The row is inserted, its transaction is open: the caller waits and no one else sees the row yet.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !visibleOnReturn.isDone());
        assertThat(stored(List.of(id))).isZero();

        hold.countDown();
        assertThat(visibleOnReturn.get(5, TimeUnit.SECONDS)).as("visible to another connection when write returned").isTrue();
    }

    @Test
    void manyConcurrentCallersShareFewTransactionsAndEachGetsItsOwnResult() {
        buffer = buffer(new WriteBuffer.Settings(50, Duration.ofMillis(5), 500, 1), database);
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> newId()).toList();
        List<String> results = new CopyOnWriteArrayList<>();
        List<String> mismatches = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                callers.submit(() -> {
                    start.await();
                    String result = buffer.write(id);
                    results.add(result);
                    if (!result.equals("stored " + id)) {
                        mismatches.add(id + " got " + result);
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(mismatches).isEmpty();
        assertThat(results).hasSize(300);
        assertThat(stored(ids)).isEqualTo(300);
        assertThat(transactions).as("batch sizes").allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
        assertThat(transactions.size()).as("transactions for 300 writes").isLessThanOrEqualTo(30);
    }

    @Test
    void aFullBufferBlocksTheNextCallerUntilAFlushMakesRoom() throws Exception {
        holding = true;
        buffer = buffer(new WriteBuffer.Settings(1, Duration.ZERO, 2, 1), database);
        List<CompletableFuture<String>> writes = new ArrayList<>();
        writes.add(writeAsync(newId()));
        await().atMost(Duration.ofSeconds(5)).until(() -> transactions.size() == 1); // the flusher holds the first
        writes.add(writeAsync(newId()));
        writes.add(writeAsync(newId()));
        await().atMost(Duration.ofSeconds(5)).until(() -> buffer.waiting() == 2); // the buffer is full

        CompletableFuture<String> blocked = writeAsync(newId());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !blocked.isDone() && buffer.waiting() == 2);

        hold.countDown();
        writes.add(blocked);
        for (CompletableFuture<String> write : writes) {
            assertThat(write.get(5, TimeUnit.SECONDS)).startsWith("stored ");
        }
        assertThat(transactions).hasSize(4);
    }

    @Test
    void aBadWriteFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
        holding = true;
        buffer = buffer(new WriteBuffer.Settings(10, Duration.ZERO, 10, 1), database);
        String taken = newId();
        jdbc.sql("insert into write_buffer_test (id, tag) values (:id, 'earlier')").param("id", taken).update();
        CompletableFuture<String> first = writeAsync(newId());
        await().atMost(Duration.ofSeconds(5)).until(() -> transactions.size() == 1);
        List<String> good = List.of(newId(), newId(), newId(), newId());
        List<CompletableFuture<String>> goodWrites = new ArrayList<>();
        goodWrites.add(writeAsync(good.get(0)));
        goodWrites.add(writeAsync(good.get(1)));
        CompletableFuture<String> bad = writeAsync(taken); // its primary key exists: the batch's insert fails
        goodWrites.add(writeAsync(good.get(2)));
        goodWrites.add(writeAsync(good.get(3)));
        await().atMost(Duration.ofSeconds(5)).until(() -> buffer.waiting() == 5);

        hold.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).startsWith("stored ");
        for (CompletableFuture<String> write : goodWrites) {
            assertThat(write.get(5, TimeUnit.SECONDS)).startsWith("stored ");
        }
        assertThat(bad).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause().isInstanceOf(DuplicateKeyException.class);
        assertThat(stored(good)).isEqualTo(4);
        assertThat(transactions).as("the held one, the failed batch of five, then each of the five alone")
                .containsExactly(1, 5, 1, 1, 1, 1, 1);
    }

    @Test
    void withTheDatabaseUnreachableEveryWriteOfTheBatchFailsAtOnceWithoutRetries() {
        DataSource nowhere = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "nobody", "none");
        buffer = buffer(new WriteBuffer.Settings(10, Duration.ofMillis(200), 10, 1), nowhere);
        List<CompletableFuture<String>> writes = IntStream.range(0, 5).mapToObj(i -> writeAsync(newId())).toList();
        for (CompletableFuture<String> write : writes) {
            assertThat(write).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                    .isInstanceOfAny(CannotCreateTransactionException.class, DataAccessResourceFailureException.class);
        }
        assertThat(transactions).as("no batch ever ran").isEmpty();
    }

    @Test
    void aClosedBufferRefusesWrites() {
        buffer = buffer(new WriteBuffer.Settings(10, Duration.ZERO, 10, 1), database);
        buffer.close();
        assertThatThrownBy(() -> buffer.write(newId())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** Each write is a row; the result says which row, so a caller given another's result shows up. */
    private WriteBuffer<String, String> buffer(WriteBuffer.Settings settings, DataSource dataSource) {
        JdbcClient client = JdbcClient.create(dataSource);
        TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        return new WriteBuffer<>("test", settings, template, writes -> {
            transactions.add(writes.size());
            client.sql("insert into write_buffer_test (id, tag) select id, 'buffered' from unnest(cast(:ids as text[])) id")
                    .param("ids", writes.toArray(String[]::new))
                    .update();
            awaitHold();
            return writes.stream().map(id -> "stored " + id).toList();
        });
    }

    private void awaitHold() {
        if (holding) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private CompletableFuture<String> writeAsync(String id) {
        return CompletableFuture.supplyAsync(() -> buffer.write(id), CALLERS);
    }

    private static int stored(List<String> ids) {
        return jdbc.sql("select count(*) from write_buffer_test where id = any(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(Integer.class)
                .single();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
