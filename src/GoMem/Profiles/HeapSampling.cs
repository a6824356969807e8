namespace GoMem.Profiles;

/// <summary>Heap-profile sampling facts shared by the parsers and the reports.</summary>
public static class HeapSampling
{
    /// <summary>
    /// Un-samples a legacy heap record: the runtime keeps an allocation of size S with probability
    /// 1-exp(-S/rate), so each record stands for count/p objects. Truncates as pprof does.
    /// </summary>
    public static (long Count, long Size) Unsample(long count, long size, long rate)
    {
        if (count == 0 || size == 0)
        {
            return (0, 0);
        }

        if (rate <= 1)
        {
            return (count, size);
        }

        var averageSize = (double)size / count;
        var scale = 1 / (1 - Math.Exp(-averageSize / rate));
        return ((long)(count * scale), (long)(size * scale));
    }

    /// <summary>pprof's frames to drop at the leaf of allocation stacks (allocator internals), for legacy heap profiles.</summary>
    public const string AllocationDropFrames =
        @"calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|valloc|realloc|" +
        @"tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign|tc_posix_memalign|tc_pvalloc|tc_valloc|tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|tc_new_nothrow|tc_newarray_nothrow|" +
        @"malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|malloc_zone_memalign|malloc_zone_free|" +
        @"runtime\..*|" +
        @"BaseArena::.*|(::)?do_malloc_no_errno|(::)?do_malloc_pages|(::)?do_malloc|DoSampledAllocation|MallocedMemBlock::MallocedMemBlock|_M_allocate|__builtin_(vec_)?delete|__builtin_(vec_)?new|__gnu_cxx::new_allocator::allocate|__libc_malloc|__malloc_alloc_template::allocate|allocate|cpp_alloc|operator new(\[\])?|simple_alloc::allocate";

    /// <summary>Frames kept even though they match <see cref="AllocationDropFrames"/> (current pprof's list).</summary>
    public const string AllocationKeepFrames = @"runtime\.panic|runtime\.reflectcall|runtime\.call[0-9]*";
}
