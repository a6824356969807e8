using System.Runtime.CompilerServices;

namespace GoMem.Profiles.Parsing;

/// <summary>
/// Maps profile ids to table indexes. Writers almost always number ids 1..N in order, so that case is an array
/// lookup; anything else falls back to a dictionary.
/// </summary>
internal sealed class IdIndex(int capacity)
{
    private int[] _dense = new int[Math.Max(capacity, 1)];
    private int _denseCount;
    private Dictionary<ulong, int>? _sparse;

    public bool TryAdd(ulong id, int index)
    {
        if (_sparse is null && id == (ulong)_denseCount + 1 && _denseCount < _dense.Length)
        {
            _dense[_denseCount++] = index;
            return true;
        }

        if (_sparse is null)
        {
            _sparse = new Dictionary<ulong, int>(Math.Max(capacity, _denseCount));
            for (var i = 0; i < _denseCount; i++)
            {
                _sparse[(ulong)i + 1] = _dense[i];
            }

            _dense = [];
            _denseCount = 0;
        }

        return _sparse.TryAdd(id, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong id, out int index)
    {
        if (id - 1 < (ulong)_denseCount)
        {
            // _denseCount is 0 once the sparse dictionary takes over, so this is the dense case only.
            index = _dense[(int)id - 1];
            return true;
        }

        return TryGetSparse(id, out index);
    }

    private bool TryGetSparse(ulong id, out int index)
    {
        if (_sparse is not null)
        {
            return _sparse.TryGetValue(id, out index);
        }

        index = -1;
        return false;
    }
}
